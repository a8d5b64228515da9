import { resolve } from 'node:path';
import { SeedEntry } from '@registry/application/registry-operations';
import { readSeedSource, SeedSourceError, sortByPublishedAt } from '@registry/seed';
import { booleanFlag, stringFlag } from '../args/parse-args';
import { CliError } from '../cli-error';
import { Command } from '../command';
import { ImportSummary } from '../operator/import-summary';
import { loadOpenRegistry } from '../operator/open-registry';
import { operatorConfig } from '../operator/operator-config';
import { formatDuration, ProgressBar } from '../progress/progress-bar';

export const importCommand: Command = {
  name: 'import',
  group: 'operator',
  summary: "Import server.json entries from a file, a URL or another registry's list endpoint",
  usage: 'import <file-or-url> [--order file|published] [--verbose]',
  details: [
    'Sources: a JSON array of server.json or {server, _meta} objects (a file path or an http(s) URL), or',
    'a registry list endpoint such as https://registry.modelcontextprotocol.io/v0/servers, read page by page.',
    "The source registry's _meta (publishedAt, status) is kept. Runs in-process on the store that the",
    'MCP_REGISTRY_* variables configure, through the same checks as a publish.',
  ].join('\n'),
  args: {
    positionals: [{ name: 'file-or-url', required: true, description: 'Where to read the entries from' }],
    flags: {
      order: {
        type: 'string',
        choices: ['file', 'published'],
        description: 'file: source order (default); published: by the source publishedAt, oldest first',
      },
      verbose: {
        type: 'boolean',
        description: 'List every skipped entry and warning, not only the first 20',
      },
    },
  },
  async run(args, ctx) {
    const from = args.positionals[0];
    const config = operatorConfig(ctx.env);
    const startedAt = ctx.clock();
    let total: number | undefined;
    // A file is found from where the command was typed, which `npm run cli` is not run in.
    const location = /^https?:\/\//i.test(from) ? from : resolve(ctx.cwd, from);
    const source = readSeedSource(location, { onTotal: (n) => (total = n) });

    // Read the source far enough to know it is usable before the store is opened.
    let entries: AsyncIterable<SeedEntry>;
    if (stringFlag(args, 'order') === 'published') {
      const all: SeedEntry[] = [];
      for await (const entry of source) all.push(entry);
      total = all.length;
      entries = inMemory(sortByPublishedAt(all));
    } else {
      entries = await startReading(source);
    }

    const registry = await loadOpenRegistry()(config);
    const progress = new ProgressBar({
      stream: ctx.stderr,
      label: 'import',
      unit: 'entries',
      total,
      clock: ctx.clock,
    });
    const summary = new ImportSummary();
    let report;
    try {
      report = await registry.operations.importEntries(entries, (outcome, index) => {
        summary.record(outcome, index);
        progress.update(index + 1);
      });
    } catch (err) {
      if (err instanceof SeedSourceError) {
        throw new CliError(`${err.message} (after ${summary.imported} entries were imported)`);
      }
      throw err;
    } finally {
      progress.finish();
      await registry.close();
    }
    const elapsed = (ctx.clock() - startedAt) / 1000;
    ctx.stdout.write(summary.render(report, from, formatDuration(elapsed), booleanFlag(args, 'verbose')));
    return summary.result(report, from, Math.round(elapsed * 1000) / 1000);
  },
};

async function* inMemory(entries: SeedEntry[]): AsyncGenerator<SeedEntry> {
  yield* entries;
}

/** Reads the first entry now, so that a missing file or failing URL is reported before anything else. */
async function startReading(source: AsyncGenerator<SeedEntry>): Promise<AsyncIterable<SeedEntry>> {
  const first = await source.next();
  async function* rest(): AsyncGenerator<SeedEntry> {
    if (first.done) return;
    yield first.value;
    yield* source;
  }
  return rest();
}
