import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RegistryError } from '@registry/domain/entry';
import { SERVER_STATUSES, ServerStatus } from '@registry/domain/server-json/server-json';
import { ImportResult, ImportServerVersionCommand } from '../commands/publish-server-version';
import { READ_MODEL_REBUILDER, ReadModelRebuilder } from '../ports';
import { ProjectionTracker } from '../projection/projection-tracker';
import { REGISTRY_SETTINGS, RegistrySettings } from '../projection/read-your-writes';
import { ImportOutcome, ImportReport, RegistryOperations, SeedEntry } from '../registry-operations';

/**
 * Operator operations on the store: imports (start-up seeding and the CLI) send every entry, in
 * order, through the same command as publish; a replay rebuilds the read model from the log.
 */
@Injectable()
export class RegistryImporter implements RegistryOperations {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_MODEL_REBUILDER) private readonly rebuilder: ReadModelRebuilder,
    private readonly tracker: ProjectionTracker,
    @Inject(REGISTRY_SETTINGS) private readonly settings: RegistrySettings,
  ) {}

  async importEntries(
    entries: AsyncIterable<SeedEntry>,
    onOutcome?: (outcome: ImportOutcome, index: number) => void,
  ): Promise<ImportReport> {
    const report: ImportReport = { imported: 0, skipped: 0, warnings: 0 };
    let index = 0;
    let lastPosition = 0;
    // Entries go one by one, in order (the latest flag depends on it); the read model follows
    // behind and is waited for once at the end rather than after every entry.
    for await (const entry of entries) {
      const { outcome, position } = await this.importOne(entry);
      if (outcome.kind === 'imported') {
        report.imported += 1;
        report.warnings += outcome.warnings.length;
        lastPosition = position;
      } else {
        report.skipped += 1;
      }
      onOutcome?.(outcome, index);
      index += 1;
    }
    // The projection runs far faster than imports (tens of thousands of events a second): the write
    // bound plus a millisecond an entry is ample, and a bound keeps a stuck projector from hanging us.
    await this.tracker.waitFor(lastPosition, this.settings.readYourWritesTimeoutMs + report.imported);
    return report;
  }

  private async importOne(entry: SeedEntry): Promise<{ outcome: ImportOutcome; position: number }> {
    const server = entry.server as { name?: unknown; version?: unknown } | null;
    const name = typeof server?.name === 'string' ? server.name : undefined;
    const version = typeof server?.version === 'string' ? server.version : undefined;
    try {
      const official = entry.official ?? {};
      const status = SERVER_STATUSES.includes(official.status as ServerStatus) ? official.status : undefined;
      const result = await this.commands.execute<ImportServerVersionCommand, ImportResult>(
        new ImportServerVersionCommand(entry.server, {
          ...(status !== undefined ? { status } : {}),
          ...(typeof official.statusMessage === 'string' ? { statusMessage: official.statusMessage } : {}),
          ...(typeof official.publishedAt === 'string' ? { publishedAt: official.publishedAt } : {}),
          ...(typeof official.updatedAt === 'string' ? { updatedAt: official.updatedAt } : {}),
          ...(typeof official.statusChangedAt === 'string'
            ? { statusChangedAt: official.statusChangedAt }
            : {}),
        }),
      );
      return {
        outcome: { kind: 'imported', name: result.name, version: result.version, warnings: result.warnings },
        position: result.lastPosition,
      };
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      const reason =
        error.details.length > 0 ? error.details.map((d) => d.message).join('; ') : error.message;
      return {
        outcome: {
          kind: 'skipped',
          ...(name !== undefined ? { name } : {}),
          ...(version !== undefined ? { version } : {}),
          reason,
        },
        position: 0,
      };
    }
  }

  rebuildReadModel(onProgress?: (position: number, head: number) => void): Promise<{ events: number }> {
    return this.rebuilder.rebuild(onProgress);
  }

  dropPreviousReadModel(): Promise<string[]> {
    return this.rebuilder.dropPrevious();
  }
}
