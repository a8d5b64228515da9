import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { SERVER_STATUSES, ServerStatus } from '@registry/domain/server-json/server-json';

/** Body of the status endpoints. */
export class StatusChangeRequest {
  @IsIn(SERVER_STATUSES as ServerStatus[])
  status!: ServerStatus;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  statusMessage?: string;
}
