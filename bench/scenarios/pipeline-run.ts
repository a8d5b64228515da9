import { BenchSettings } from '../bench-settings';
import { startPipelineEngines } from '../processes/pipeline-engines';
import { PIPELINE_TOPIC, PipelineLatencyResult, runPipelineLatency } from './pipeline-scenario';
import { REPLAY_TOPICS, ReplayRateResult, runReplayRate } from './replay-scenario';

/** Opt-in scenario ids (BENCH_PIPELINE=1 runs both, BENCH_ONLY may name either). */
export const PIPELINE_SCENARIOS = ['pipeline-latency', 'replay-rate'];

export interface PipelineReport {
  /** Which Kafka the figures are from: the protocol mock unless KAFKA_BROKERS named a real one. */
  kafka: string;
  latency?: PipelineLatencyResult;
  replay?: ReplayRateResult;
}

/** Starts Kafka and Redis once for the wanted pipeline scenarios, runs them, stops the engines. */
export async function runPipelineScenarios(
  settings: BenchSettings,
  wanted: string[],
  log: (message: string) => void,
): Promise<PipelineReport> {
  const engines = await startPipelineEngines([{ name: PIPELINE_TOPIC, partitions: 3 }, ...REPLAY_TOPICS]);
  try {
    const report: PipelineReport = {
      kafka:
        engines.kafka.kind === 'mock'
          ? `librdkafka in-memory protocol mock at ${engines.kafka.brokers.join(',')} (not Apache Kafka: says nothing of a real cluster's disk and network)`
          : `external Kafka at ${engines.kafka.brokers.join(',')} (KAFKA_BROKERS)`,
    };
    if (wanted.includes('pipeline-latency'))
      report.latency = await runPipelineLatency(settings, engines, log);
    if (wanted.includes('replay-rate')) report.replay = await runReplayRate(settings, engines, log);
    return report;
  } finally {
    await engines.stop();
  }
}
