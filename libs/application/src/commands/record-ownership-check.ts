import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SYSTEM_ACTOR, decideOwnershipCheck } from '@registry/domain/entry';
import { EntryWriter } from '../entries/entry-writer';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../system/system.ports';

/** Record the outcome of a package-ownership re-check of one version (the verifier sends it). */
export class RecordOwnershipCheckCommand {
  constructor(
    readonly name: string,
    readonly version: string,
    readonly outcome: 'verified' | 'failed',
    readonly failures: string[],
  ) {}
}

/** Whether an event was appended (false when the outcome had not changed). */
export interface OwnershipCheckRecorded {
  changed: boolean;
  lastPosition: number;
}

@Injectable()
@CommandHandler(RecordOwnershipCheckCommand)
export class RecordOwnershipCheckHandler implements ICommandHandler<
  RecordOwnershipCheckCommand,
  OwnershipCheckRecorded
> {
  constructor(
    private readonly writer: EntryWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(command: RecordOwnershipCheckCommand): Promise<OwnershipCheckRecorded> {
    const { result } = await this.writer.write(
      command.name,
      (entry) =>
        decideOwnershipCheck(
          entry!,
          { version: command.version, outcome: command.outcome, failures: command.failures },
          {
            now: this.clock.now(),
            newId: () => this.ids.newId(),
            actor: { ...SYSTEM_ACTOR, subject: 'verifier' },
          },
        ),
      false,
    );
    return { changed: result.events.length > 0, lastPosition: result.lastPosition };
  }
}
