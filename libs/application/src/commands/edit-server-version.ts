import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistryError, decideEdit } from '@registry/domain/entry';
import { ServerJson } from '@registry/domain/server-json/server-json';
import { sanitizeServerMeta, validateServerJson } from '@registry/domain/validation';
import { EntryWriter } from '../entries/entry-writer';
import { ReadYourWrites } from '../projection/read-your-writes';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../system/system.ports';
import { PUBLISH_MESSAGES } from './publish-messages';
import { PublishPolicy } from './publish-policy';
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
    private readonly policy: PublishPolicy,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(command: EditServerVersionCommand): Promise<WriteOutcome> {
    this.policy.authorize(command.name, command.authority, 'edit');
    const issues = validateServerJson(command.body).filter((i) => i.severity === 'error');
    const shape = issues.filter((i) => i.type === 'schema');
    if (shape.length > 0) {
      throw new RegistryError('invalid-shape', PUBLISH_MESSAGES.shapeDetail, shape.map((i) => ({ message: i.message })));
    }
    if (issues.length > 0) throw new RegistryError('invalid-input', PUBLISH_MESSAGES.ruleDetail(issues));
    const server = sanitizeServerMeta(command.body as ServerJson);
    const { state, result } = await this.writer.write(
      command.name,
      (current) =>
        decideEdit(current!, command.version, server, {
          now: this.clock.now(),
          newId: () => this.ids.newId(),
          actor: command.authority.actor,
        }),
      false,
    );
    return this.readYourWrites.version(state, command.version, result.lastPosition);
  }
}
