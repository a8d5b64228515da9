import { Command } from '../command';
import { loadOpenRegistry } from '../operator/open-registry';
import { operatorConfig } from '../operator/operator-config';
import { formatDuration, ProgressBar } from '../progress/progress-bar';

export const replayCommand: Command = {
  name: 'replay',
  group: 'operator',
  summary: 'Rebuild the read model from the event log and switch reads to it',
  usage: 'replay',
  details:
    'Replays every event from position 0 into a new read model beside the live one, then switches\n' +
    'reads to it. Runs in-process on the store that the MCP_REGISTRY_* variables configure.',
  args: { positionals: [], flags: {} },
  async run(_args, ctx) {
    const config = operatorConfig(ctx.env);
    const startedAt = ctx.clock();
    const registry = await loadOpenRegistry()(config);
    const progress = new ProgressBar({
      stream: ctx.stderr,
      label: 'replay',
      unit: 'events',
      clock: ctx.clock,
    });
    let result;
    try {
      result = await registry.operations.rebuildReadModel((position, head) =>
        progress.update(position, head),
      );
    } finally {
      progress.finish();
      await registry.close();
    }
    const seconds = formatDuration((ctx.clock() - startedAt) / 1000);
    ctx.stdout.write(`Rebuilt the read model from ${result.events} events in ${seconds}\n`);
  },
};
