import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ENTRY_MESSAGES, RegistryError, decideStatusChange } from '@registry/domain/entry';
import { ServerStatus } from '@registry/domain/server-json/server-json';
import { EntryRepository } from '../entries/entry-repository';
import { EntryWriter } from '../entries/entry-writer';
import { ReadYourWrites } from '../projection/read-your-writes';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../system/system.ports';
import { WRITE_MESSAGES } from './publish-messages';
import { PublishPolicy, asFailedWrite } from './publish-policy';
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
    private readonly entries: EntryRepository,
    private readonly policy: PublishPolicy,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(command: ChangeServerStatusCommand): Promise<WriteOutcome> {
    // The official order: the version (or server) must exist, then the publish-or-edit permission.
    const current = await this.entries.loadByName(command.name);
    if (command.version !== undefined) {
      if (current?.versions.get(command.version) === undefined) {
        throw new RegistryError('not-found', ENTRY_MESSAGES.versionNotFound);
      }
    } else if (current === undefined) {
      throw new RegistryError('not-found', ENTRY_MESSAGES.serverNotFound);
    }
    this.policy.authorizeStatus(current.name, command.authority);
    await this.policy.checkClaims(current.name, command.authority);
    try {
      const { state, result } = await this.writer.write(
        command.name,
        (entry) =>
          decideStatusChange(
            entry!,
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
        return await this.readYourWrites.version(state, command.version, result.lastPosition);
      }
      // Every version, newest publish first, as `{updatedCount, servers}` (updatedCount counts them all).
      const versions = [...state.versions.values()]
        .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0))
        .map((v) => v.version);
      const list = await this.readYourWrites.versions(state, versions, result.lastPosition);
      return { ...list, body: `{"updatedCount":${versions.length},"servers":${list.body}}` };
    } catch (error) {
      // Refusals of the change itself keep their own text; a lost remote URL is "Failed to update".
      if (error instanceof RegistryError && /^remote URL /.test(error.message)) {
        throw asFailedWrite(error, WRITE_MESSAGES.statusFailed);
      }
      throw error;
    }
  }
}
