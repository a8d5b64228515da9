import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideStatusChange } from '@registry/domain/entry';
import { ServerStatus } from '@registry/domain/server-json/server-json';
import { EntryWriter } from '../entries/entry-writer';
import { ReadYourWrites } from '../projection/read-your-writes';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../system/system.ports';
import { PublishPolicy } from './publish-policy';
import { Authority, WriteOutcome } from './registry-command-context';

/** Change the status of one version, or (version undefined) of every version of a server. */
export class ChangeServerStatusCommand {
  constructor(
    readonly name: string,
    readonly version: string | undefined,
    readonly status: ServerStatus,
    readonly statusMessage: string | undefined,
    readonly authority: Authority,
  ) {}
}

@Injectable()
@CommandHandler(ChangeServerStatusCommand)
export class ChangeServerStatusHandler implements ICommandHandler<ChangeServerStatusCommand, WriteOutcome> {
  constructor(
    private readonly writer: EntryWriter,
    private readonly policy: PublishPolicy,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(command: ChangeServerStatusCommand): Promise<WriteOutcome> {
    this.policy.authorize(command.name, command.authority, 'publish');
    const { state, result } = await this.writer.write(
      command.name,
      (current) =>
        decideStatusChange(
          current!,
          {
            version: command.version ?? { all: true },
            status: command.status,
            ...(command.statusMessage !== undefined ? { statusMessage: command.statusMessage } : {}),
          },
          { now: this.clock.now(), newId: () => this.ids.newId(), actor: command.authority.actor },
        ),
      false,
    );
    if (command.version !== undefined) {
      return this.readYourWrites.version(state, command.version, result.lastPosition);
    }
    const versions = [...state.versions.values()]
      .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0))
      .map((v) => v.version);
    return this.readYourWrites.versions(state, versions, result.lastPosition);
  }
}
