import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchSettings, benchSettings } from './bench-settings';
import { benchRegistryEnv } from './dataset/bench-registry-env';
import { SeedReport, seedDataset } from './dataset/seed-dataset';
import { BenchChild } from './processes/bench-child';
import { MachineInfo, currentLoad, machineInfo } from './report/machine-info';
import { pipelineLatencyTable, replayRateTable } from './report/pipeline-table';
import { cpuTable, resultsTable, verdicts } from './report/results-table';
import { FederationResult } from './report/federation-figures';
import { federationSetup, federationTable, federationVerdicts } from './report/federation-table';
import { ScenarioResult } from './report/scenario-result';
import { runFederationScenario } from './scenarios/federation-scenario';
import { runPublishScenario } from './scenarios/publish-scenario';
import { runReadsUnderPublishScenario } from './scenarios/reads-under-publish-scenario';
import { PIPELINE_SCENARIOS, PipelineReport, runPipelineScenarios } from './scenarios/pipeline-run';
import { READ_SCENARIOS, runReadScenario } from './scenarios/read-scenarios';
import { runSearchScenarios } from './scenarios/search-scenario';

export interface BenchReport {
  startedAt: string;
  machine: MachineInfo;
  settings: BenchSettings;
  /** Absent when only pipeline scenarios ran. */
  dataset?: SeedReport & { servers: number; versionsPerServer: number };
  results: ScenarioResult[];
  /** The distributed pipeline's figures (BENCH_PIPELINE=1 or BENCH_ONLY naming them). */
  pipeline?: PipelineReport;
  /** Webhook delivery to subscriptions (issue 8), when `federation` ran. */
  federation?: FederationResult;
  seconds: number;
}

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

const wanted = (settings: BenchSettings, id: string): boolean =>
  settings.only.length === 0 || settings.only.includes(id);

/**
 * The whole benchmark: load the dataset through the real import path, start the registry as its own
 * process, then measure each scenario and its baseline back to back with autocannon from here.
 * Returns the report; the caller prints it.
 */
export async function runBenchmark(
  settings: BenchSettings,
  log: (message: string) => void = progress,
): Promise<BenchReport> {
  const known = [
    ...READ_SCENARIOS.map((s) => s.id),
    'search',
    'publish',
    'reads-under-publish',
    'federation',
    ...PIPELINE_SCENARIOS,
  ];
  const unknown = settings.only.filter((id) => !known.includes(id));
  if (unknown.length > 0)
    throw new Error(`unknown scenario ${unknown.join(', ')}: choose from ${known.join(', ')}`);
  const started = Date.now();
  const machine = machineInfo();
  const pipelineWanted = PIPELINE_SCENARIOS.filter(
    (id) => settings.only.includes(id) || (settings.pipeline && settings.only.length === 0),
  );
  // The pipeline scenarios start their own processes: the 30,000-version dataset is for the others.
  const onlyPipeline =
    settings.only.length > 0 && settings.only.every((id) => PIPELINE_SCENARIOS.includes(id));
  if (onlyPipeline) {
    const pipeline = await runPipelineScenarios(settings, pipelineWanted, log);
    return {
      startedAt: new Date(started).toISOString(),
      machine: { ...machine, loadAtEnd: currentLoad() },
      settings,
      results: [],
      pipeline,
      seconds: (Date.now() - started) / 1000,
    };
  }
  const registryEnv = benchRegistryEnv();
  const workDir = mkdtempSync(join(tmpdir(), 'registry-bench-work-'));
  const children: Array<BenchChild<unknown>> = [];
  try {
    log(
      `loading ${settings.servers} servers × ${settings.versionsPerServer} versions through the import command`,
    );
    const seeded = await seedDataset(registryEnv.env, {
      servers: settings.servers,
      versionsPerServer: settings.versionsPerServer,
    });
    log(`loaded ${seeded.imported} versions (${seeded.skipped} refused) in ${seeded.seconds.toFixed(1)} s`);
    if (seeded.imported !== settings.servers * settings.versionsPerServer) {
      throw new Error(`the dataset did not load completely: ${JSON.stringify(seeded)}`);
    }

    const nodeArgs: string[] = [];
    if (settings.cpuProfileDir !== undefined) {
      mkdirSync(settings.cpuProfileDir, { recursive: true });
      nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`);
    }
    const registry = await BenchChild.start<{ port: number }>('registry-server.js', {
      env: registryEnv.env,
      nodeArgs,
    });
    children.push(registry);
    const target = { url: `http://127.0.0.1:${registry.ready.port}`, pid: registry.pid };
    log(`registry listening at ${target.url}`);

    const results: ScenarioResult[] = [];
    for (const scenario of READ_SCENARIOS.filter((s) => wanted(settings, s.id))) {
      log(`read: ${scenario.id}`);
      results.push(await runReadScenario(scenario, target, settings, workDir));
    }
    if (wanted(settings, 'search')) {
      log('search');
      results.push(...(await runSearchScenarios(target, settings)));
    }
    if (wanted(settings, 'publish')) {
      log('publish');
      results.push(...(await runPublishScenario(target, settings, workDir)));
    }
    if (wanted(settings, 'reads-under-publish')) {
      log('reads-under-publish');
      results.push(await runReadsUnderPublishScenario(target, settings));
    }
    // Last on this registry: it adds (and removes) subscriptions the other scenarios should not meet.
    const federation = wanted(settings, 'federation')
      ? await runFederationScenario(target, settings, log)
      : undefined;
    await registry.stop();
    const pipeline =
      pipelineWanted.length > 0 ? await runPipelineScenarios(settings, pipelineWanted, log) : undefined;
    return {
      startedAt: new Date(started).toISOString(),
      machine: { ...machine, loadAtEnd: currentLoad() },
      settings,
      dataset: { ...seeded, servers: settings.servers, versionsPerServer: settings.versionsPerServer },
      results,
      ...(pipeline !== undefined ? { pipeline } : {}),
      ...(federation !== undefined ? { federation } : {}),
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    registryEnv.cleanup();
    rmSync(workDir, { recursive: true, force: true });
  }
}

export function printReport(report: BenchReport): void {
  const m = report.machine;
  const d = report.dataset;
  const s = report.settings;
  console.log(`\nmachine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, ${m.os}, node ${m.node}`);
  console.log(
    `load average (1 min): ${m.loadAtStart.toFixed(2)} at start, ${(m.loadAtEnd ?? 0).toFixed(2)} at end` +
      (Math.max(m.loadAtStart, m.loadAtEnd ?? 0) > 1
        ? ' (other work shared the CPUs: figures are noisy)'
        : ''),
  );
  if (d !== undefined) {
    console.log(
      `dataset: ${d.servers} servers × ${d.versionsPerServer} versions = ${d.imported} versions, ` +
        `loaded through the import command in ${d.seconds.toFixed(1)} s (${d.streams} concurrent streams)`,
    );
    console.log(
      `load: reads ${s.readConnections} connections, publishes ${s.publishConnections}; ` +
        `${s.warmupSeconds} s warm-up, then ${s.seconds} s measured per side in ${s.rounds} alternating rounds\n`,
    );
    if (report.results.length > 0) {
      console.log(resultsTable(report.results));
      console.log(
        '\nCPU per request of each server process (steadier than req/s when the machine is shared):\n',
      );
      console.log(cpuTable(report.results));
      console.log('');
      for (const line of verdicts(report.results)) console.log(line);
    }
  }
  const f = report.federation;
  if (f !== undefined) {
    console.log(`\nwebhook delivery (federation):\n`);
    for (const line of federationSetup(f)) console.log(line);
    console.log(
      `bulk publishes with no subscriptions: ${Math.round(f.publishAlone.requestsPerSecond)}/s ` +
        `(p99 ${f.publishAlone.p99Ms} ms, non-200 ${f.publishAlone.non200})\n`,
    );
    console.log(federationTable(f));
    console.log('');
    for (const line of federationVerdicts(f)) console.log(line);
  }
  const p = report.pipeline;
  if (p?.latency !== undefined) {
    console.log(
      `\npublish → visible on another process, ${s.pipelinePublishes} sequential publishes per side:\n`,
    );
    console.log(pipelineLatencyTable(p.latency));
  }
  if (p?.replay !== undefined) {
    console.log(`\nreplay catch-up, ${p.replay.events.toLocaleString('en-US')} events:\n`);
    console.log(replayRateTable(p.replay));
  }
  if (p !== undefined) console.log(`\nKafka: ${p.kafka}`);
  console.log(`\n${report.seconds.toFixed(0)} s in all`);
}

async function main(): Promise<void> {
  const settings = benchSettings();
  const report = await runBenchmark(settings);
  printReport(report);
  writeFileSync(settings.resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`results: ${settings.resultsFile}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
