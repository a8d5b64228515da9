import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ENTRY_MESSAGES, RegistryError, decideEdit } from '@registry/domain/entry';
import { EntryRepository } from '../entries/entry-repository';
import { EntryWriter } from '../entries/entry-writer';
import { ReadYourWrites } from '../projection/read-your-writes';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../system/system.ports';
import { WRITE_MESSAGES } from './publish-messages';
import { PublishPolicy, asFailedWrite } from './publish-policy';
import { Authority, WriteOutcome } from './registry-command-context';

/** Admin edit: replace one version's server.json (needs the edit permission). */
export class EditServerVersionCommand {
  constructor(
    readonly name: string,
    readonly version: string,
    readonly body: unknown,
    readonly authority: Authority,
  ) {}
}

@Injectable()
@CommandHandler(EditServerVersionCommand)
export class EditServerVersionHandler implements ICommandHandler<EditServerVersionCommand, WriteOutcome> {
  constructor(
    private readonly writer: EntryWriter,
    private readonly entries: EntryRepository,
    private readonly policy: PublishPolicy,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(command: EditServerVersionCommand): Promise<WriteOutcome> {
    // The official order: the version must exist (and not be deleted), then the edit permission,
    // then name and version must match the path, then the server.json rules.
    const current = await this.entries.loadByName(command.name);
    const version = current?.versions.get(command.version);
    if (current === undefined || version === undefined || version.status === 'deleted') {
      throw new RegistryError('not-found', ENTRY_MESSAGES.serverNotFound);
    }
    this.policy.authorizeEdit(current.name, command.authority);
    const body = command.body as { name?: unknown; version?: unknown } | null;
    if (body?.name !== current.name) throw new RegistryError('invalid-input', ENTRY_MESSAGES.editRename);
    if (body?.version !== command.version)
      throw new RegistryError('invalid-input', ENTRY_MESSAGES.editVersionMismatch);
    const server = await this.policy.admit(command.body, command.authority, 'edit');
    try {
      const { state, result } = await this.writer.write(
        command.name,
        (entry) =>
          decideEdit(entry!, command.version, server, {
            now: this.clock.now(),
            newId: () => this.ids.newId(),
            actor: command.authority.actor,
          }),
        false,
      );
      return await this.readYourWrites.version(state, command.version, result.lastPosition);
    } catch (error) {
      throw asFailedWrite(error, WRITE_MESSAGES.editFailed);
    }
  }
}
