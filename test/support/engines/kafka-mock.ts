import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../repo-paths';

export interface KafkaTopicSpec {
  name: string;
  partitions: number;
}

export interface KafkaMockOptions {
  /** Topics the mock creates at start (it does not implement CreateTopics). */
  topics: KafkaTopicSpec[];
  /** Mock brokers (default 1). */
  brokers?: number;
  /**
   * The mock's group.initial.rebalance.delay.ms (default 500): how long a new group waits for more
   * members before its first assignment. Consumers started together join within it.
   */
  rebalanceDelayMs?: number;
}

/** The Kafka a suite runs against: the librdkafka mock, or the real Kafka `KAFKA_BROKERS` names. */
export interface TestKafka {
  brokers: string[];
  /** `mock`: the librdkafka mock (topics pre-created); `external`: real Kafka, topics not created. */
  kind: 'mock' | 'external';
  stop(): Promise<void>;
}

/** Neither `KAFKA_BROKERS` nor the mock: the reason says what failed and how to run the suite anyway. */
export class KafkaUnavailable extends Error {
  constructor(reason: string) {
    super(
      `${reason}. Set KAFKA_BROKERS=host:port[,host:port] to run the Kafka suites against a real Kafka ` +
        '(or fix the mock build: scripts/kafka-mock/build.sh).',
    );
    this.name = 'KafkaUnavailable';
  }
}

const BUILD_TIMEOUT_MS = 10 * 60_000;
const START_TIMEOUT_MS = 10_000;

/**
 * `KAFKA_BROKERS` when set (real Kafka: the topics must exist already, or the code under test must
 * create them, e.g. with `ensureTopic`); otherwise a private librdkafka mock cluster on loopback with
 * `topics` pre-created, built once per clone by scripts/kafka-mock/build.sh. Says loudly which.
 */
export async function startKafkaMock(options: KafkaMockOptions): Promise<TestKafka> {
  const fromEnv = (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  if (fromEnv.length > 0) {
    console.log(
      `Kafka suite: REAL Kafka at ${fromEnv.join(',')} (KAFKA_BROKERS; not started by the tests). ` +
        'Topics are not pre-created there: they must exist or be created by the adapter (ensureTopic).',
    );
    return { brokers: fromEnv, kind: 'external', stop: async () => undefined };
  }
  const binary = await buildLauncher();
  const args = ['--brokers', String(options.brokers ?? 1), '--exit-on-stdin-eof'];
  args.push('--rebalance-delay-ms', String(options.rebalanceDelayMs ?? 500));
  for (const topic of options.topics) args.push(`${topic.name}:${topic.partitions}`);
  const { child, bootstrap } = await launch(binary, args);
  const brokers = bootstrap.split(',');
  console.log(
    `Kafka suite: librdkafka mock cluster (protocol mock, not Apache Kafka) at ${bootstrap} ` +
      `[${brokers.length} broker(s), topics ${options.topics.map((t) => `${t.name}:${t.partitions}`).join(', ')}; ` +
      'set KAFKA_BROKERS to run against real Kafka]',
  );
  const cleanup = (): void => {
    child.stdin?.end();
  };
  process.once('exit', cleanup);
  return {
    brokers,
    kind: 'mock',
    stop: async () => {
      process.off('exit', cleanup);
      await stopChild(child);
    },
  };
}

let built: Promise<string> | undefined;

/** Runs the build script once per process; it returns at once when the cached launcher is current. */
function buildLauncher(): Promise<string> {
  built ??= new Promise<string>((resolve, reject) => {
    const script = join(repoRoot(), 'scripts', 'kafka-mock', 'build.sh');
    const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stdout.write(chunk); // the one-time build takes a while: show what it is doing
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new KafkaUnavailable(`could not run ${script}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const path = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && path !== '') resolve(path);
      else {
        const tail = stderr.trim().split('\n').at(-1) ?? '';
        reject(
          new KafkaUnavailable(
            `the librdkafka mock could not be built (${signal ?? `exit ${code}`}: ${tail})`,
          ),
        );
      }
    });
  });
  return built;
}

async function launch(binary: string, args: string[]): Promise<{ child: ChildProcess; bootstrap: string }> {
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  // After start-up a failed kill must not throw from an unhandled 'error' event.
  child.on('error', () => undefined);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const bootstrap = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const onError = (error: Error): void => fail(error.message);
    const onExit = (code: number | null, signal: string | null): void =>
      fail(`exited with ${signal ?? code}`);
    const onData = (chunk: Buffer): void => {
      stdout += chunk.toString();
      const end = stdout.indexOf('\n');
      if (end < 0) return;
      settle();
      resolve(stdout.slice(0, end).trim());
    };
    const settle = (): void => {
      clearTimeout(timer);
      child.off('error', onError);
      child.off('exit', onExit);
      child.stdout?.off('data', onData);
    };
    const fail = (why: string): void => {
      settle();
      child.kill('SIGKILL');
      reject(new KafkaUnavailable(`the librdkafka mock did not start (${why}): ${stderr.trim()}`));
    };
    const timer = setTimeout(() => fail(`no bootstrap line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.on('error', onError);
    child.on('exit', onExit);
    child.stdout?.on('data', onData);
  });
  return { child, bootstrap };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
