import { booleanFlag } from '../args/parse-args';
import { Command } from '../command';
import { loadOpenRegistry } from '../operator/open-registry';
import { operatorConfig } from '../operator/operator-config';
import { formatDuration, ProgressBar } from '../progress/progress-bar';

export const replayCommand: Command = {
  name: 'replay',
  group: 'operator',
  summary: 'Rebuild the read model from the event log and switch reads to it',
  usage: 'replay [--drop-previous]',
  details:
    'Replays every event from position 0 into a new read model beside the live one, then switches\n' +
    'reads to it. The read model switched away from is kept for rollback until `replay --drop-previous`\n' +
    'drops it. Runs in-process on the store that the MCP_REGISTRY_* variables configure.',
  args: {
    positionals: [],
    flags: {
      'drop-previous': {
        type: 'boolean',
        description: 'Drop the read model the last replay switched away from, instead of replaying',
      },
    },
  },
  async run(args, ctx) {
    const config = operatorConfig(ctx.env);
    const startedAt = ctx.clock();
    const registry = await loadOpenRegistry()(config);
    if (booleanFlag(args, 'drop-previous')) {
      try {
        const dropped = await registry.operations.dropPreviousReadModel();
        ctx.stdout.write(
          dropped.length === 0 ? 'No previous read model to drop\n' : `Dropped ${dropped.join(', ')}\n`,
        );
        return { dropped };
      } finally {
        await registry.close();
      }
    }
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
    const elapsed = (ctx.clock() - startedAt) / 1000;
    ctx.stdout.write(`Rebuilt the read model from ${result.events} events in ${formatDuration(elapsed)}\n`);
    return { events: result.events, seconds: Math.round(elapsed * 1000) / 1000 };
  },
};
