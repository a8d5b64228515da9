import { Module } from '@nestjs/common';
import { OwnershipCheckController } from './ownership-check.controller';
import { PublishController } from './publish.controller';
import { ServersController } from './servers.controller';
import { StatusController } from './status.controller';
import { WriteRequest } from './write-request';

/** The registry's own HTTP API (read, publish, validate, status, edit); auth and health live elsewhere. */
@Module({
  controllers: [ServersController, PublishController, StatusController, OwnershipCheckController],
  providers: [WriteRequest],
})
export class RegistryHttpModule {}
