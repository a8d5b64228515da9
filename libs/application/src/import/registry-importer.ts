import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RegistryError } from '@registry/domain/entry';
import { SERVER_STATUSES, ServerStatus } from '@registry/domain/server-json/server-json';
import { ImportResult, ImportServerVersionCommand } from '../commands/publish-server-version';
import { READ_MODEL_REBUILDER, ReadModelRebuilder } from '../ports';
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
  ) {}

  async importEntries(
    entries: AsyncIterable<SeedEntry>,
    onOutcome?: (outcome: ImportOutcome, index: number) => void,
  ): Promise<ImportReport> {
    const report: ImportReport = { imported: 0, skipped: 0, warnings: 0 };
    let index = 0;
    for await (const entry of entries) {
      const outcome = await this.importOne(entry);
      if (outcome.kind === 'imported') {
        report.imported += 1;
        report.warnings += outcome.warnings.length;
      } else {
        report.skipped += 1;
      }
      onOutcome?.(outcome, index);
      index += 1;
    }
    return report;
  }

  private async importOne(entry: SeedEntry): Promise<ImportOutcome> {
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
      return { kind: 'imported', name: result.name, version: result.version, warnings: result.warnings };
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      return {
        kind: 'skipped',
        ...(name !== undefined ? { name } : {}),
        ...(version !== undefined ? { version } : {}),
        reason: error.message,
      };
    }
  }

  rebuildReadModel(onProgress?: (position: number, head: number) => void): Promise<{ events: number }> {
    return this.rebuilder.rebuild(onProgress);
  }
}
