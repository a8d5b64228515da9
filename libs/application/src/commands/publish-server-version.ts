import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistryError, decideNamespaceStanding, decidePublish } from '@registry/domain/entry';
import { ServerJson, ServerStatus } from '@registry/domain/server-json/server-json';
import { classifyForImport, sanitizeServerMeta } from '@registry/domain/validation';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../system/system.ports';
import { EntryWriter } from '../entries/entry-writer';
import { ReadYourWrites } from '../projection/read-your-writes';
import { Authority, WriteOutcome } from './registry-command-context';
import { PublishPolicy, asFailedWrite } from './publish-policy';
import { WRITE_MESSAGES } from './publish-messages';
import { NamespaceGate } from '../namespaces/namespace-gate';

/** Publish one version of a server.json (HTTP publish), with every rule of the official registry. */
export class PublishServerVersionCommand {
  constructor(
    readonly body: unknown,
    readonly authority: Authority,
  ) {}
}

/**
 * Import one version as its source published it: only what is not a server.json at all is refused;
 * every other rule today's publish applies is kept as a warning, because a mirror must not silently
 * lose upstream entries. Namespace and package ownership are not checked.
 */
export class ImportServerVersionCommand {
  constructor(
    readonly body: unknown,
    readonly sourceMeta: {
      status?: ServerStatus;
      statusMessage?: string;
      publishedAt?: string;
      updatedAt?: string;
      statusChangedAt?: string;
    } = {},
  ) {}
}

export interface ImportResult {
  name: string;
  version: string;
  warnings: string[];
  /** Position of the import's last event; the importer waits for the read model once, at the end. */
  lastPosition: number;
}

@Injectable()
@CommandHandler(PublishServerVersionCommand)
export class PublishServerVersionHandler implements ICommandHandler<
  PublishServerVersionCommand,
  WriteOutcome
> {
  constructor(
    private readonly writer: EntryWriter,
    private readonly policy: PublishPolicy,
    private readonly namespaces: NamespaceGate,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(command: PublishServerVersionCommand): Promise<WriteOutcome> {
    const server = await this.policy.admit(command.body, command.authority, 'publish');
    // The entry's namespace standing rides along with the publish, so that a new entry in a claimed
    // namespace shows its claim from its first version on (the verifier's sweep covers the rest).
    const standing = await this.namespaces.standing(server.name);
    try {
      const { state, result } = await this.writer.write(
        server.name,
        (current) => {
          const ctx = {
            now: this.clock.now(),
            newId: () => this.ids.newId(),
            actor: command.authority.actor,
          };
          const published = decidePublish(current, { server, origin: 'publish' }, ctx);
          return [...published, ...decideNamespaceStanding(current, standing, ctx)];
        },
        true,
      );
      return await this.readYourWrites.version(state, server.version, result.lastPosition);
    } catch (error) {
      throw asFailedWrite(error, WRITE_MESSAGES.publishFailed);
    }
  }
}

@Injectable()
@CommandHandler(ImportServerVersionCommand)
export class ImportServerVersionHandler implements ICommandHandler<ImportServerVersionCommand, ImportResult> {
  constructor(
    private readonly writer: EntryWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(command: ImportServerVersionCommand): Promise<ImportResult> {
    const { refused, warnings } = classifyForImport(command.body);
    if (refused.length > 0) {
      throw new RegistryError(
        'invalid-input',
        refused.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join('; '),
      );
    }
    const server: ServerJson = sanitizeServerMeta(command.body as ServerJson);
    const warningTexts = warnings.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`);
    const { result } = await this.writer.write(
      server.name,
      (current) =>
        decidePublish(
          current,
          { server, origin: 'import', sourceMeta: command.sourceMeta, warnings: warningTexts },
          {
            now: this.clock.now(),
            newId: () => this.ids.newId(),
            actor: { method: 'import', subject: 'seed' },
          },
        ),
      true,
      { lenientRemoteClaims: true },
    );
    return {
      name: server.name,
      version: server.version,
      warnings: warningTexts,
      lastPosition: result.lastPosition,
    };
  }
}
