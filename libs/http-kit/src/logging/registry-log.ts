import pino, { DestinationStream, LevelWithSilent, Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import { RequestLineSink, SILENT_REQUEST_LINES, requestLineSink } from './request-line';
import { REDACTED_PATHS, scrubSecrets } from './secret-scrubbing';
import { TurnBatchedDestination } from './turn-batched-destination';

export type RegistryLogLevel = LevelWithSilent;

export interface RegistryLogOptions {
  /** Which process writes (`registry`, `registry-api`, `projector`, `cli`, ...): the `name` of every line. */
  name: string;
  level: RegistryLogLevel;
  /** `json` (one object a line) or `pretty` (for people); by default pretty on a terminal, else JSON. */
  format?: 'json' | 'pretty';
  /** 1 (stdout, the default), 2 (stderr), or a stream (tests read what is written). */
  destination?: 1 | 2 | DestinationStream;
}

/**
 * A process's log, one destination for two writers. `app` carries what the code says (Nest's Logger):
 * field names that hold secrets are redacted and secret-looking text is scrubbed. `requests` writes
 * the one line per request, at `app`'s level, from fixed fields only (never a header, URL or body), so
 * it pays for neither.
 */
export interface RegistryLog {
  readonly app: Logger;
  readonly requests: RequestLineSink;
}

export function createRegistryLog(options: RegistryLogOptions): RegistryLog {
  const target = options.destination ?? 1;
  const fd = typeof target === 'number' ? target : undefined;
  const pretty = (options.format ?? (fd !== undefined && isTerminal(fd) ? 'pretty' : 'json')) === 'pretty';
  const destination = pretty
    ? prettyStream(target)
    : typeof target === 'number'
      ? // One synchronous write a turn, as Node writes to a pipe on Linux anyway: a thread-pool write
        // per line (sonic-boom's asynchronous mode) costs about 10 µs of CPU each when lines come singly.
        new TurnBatchedDestination(pino.destination({ dest: target, sync: true }))
      : target;
  const app = pino(
    {
      name: options.name,
      level: options.level,
      // `time` stays pino's epoch milliseconds: an ISO string costs a microsecond a line.
      // Level names, not numbers, in JSON: what pipelines and people grep for. pino-pretty wants numbers.
      ...(pretty ? {} : { formatters: { level: (label: string) => ({ level: label }) } }),
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) {
            const arg: unknown = args[i];
            if (typeof arg === 'string') args[i] = scrubSecrets(arg);
          }
          method.apply(this, args);
        },
      },
    },
    destination,
  );
  const requests = requestLineSink(app, destination, { name: options.name, levelLabels: !pretty });
  return { app, requests };
}

/** A log that writes nothing (in-process test registries). */
export function silentRegistryLog(name = 'registry'): RegistryLog {
  return { app: pino({ name, level: 'silent' }), requests: SILENT_REQUEST_LINES };
}

function isTerminal(fd: 1 | 2): boolean {
  return (fd === 1 ? process.stdout : process.stderr).isTTY === true;
}

function prettyStream(target: 1 | 2 | DestinationStream): DestinationStream {
  const fd = typeof target === 'number' ? target : undefined;
  return pinoPretty({
    destination: target,
    sync: true,
    colorize: fd !== undefined && isTerminal(fd) && process.env.NO_COLOR === undefined,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: PRETTY_INLINED.join(','),
    messageFormat: prettyMessage,
  });
}

/** Fields the pretty format puts on the message line instead of listing them below it. */
const PRETTY_INLINED = ['pid', 'hostname', 'name', 'context', 'reqId', 'method', 'route', 'status'];
const PRETTY_REQUEST_INLINED = [...PRETTY_INLINED, 'responseTime', 'authMethod', 'sub'];

/** A request as `GET /v0/servers 200 0.61 ms (id)`, anything else as `[Context] message (id)`. */
function prettyMessage(line: Record<string, unknown>, messageKey: string): string {
  const id = typeof line.reqId === 'string' ? ` (${line.reqId})` : '';
  if (line[messageKey] === 'request' && typeof line.method === 'string') {
    const caller = typeof line.sub === 'string' ? ` by ${String(line.authMethod)}:${line.sub}` : '';
    const text = `${line.method} ${String(line.route ?? '-')} ${String(line.status)} ${String(line.responseTime)} ms`;
    for (const field of PRETTY_REQUEST_INLINED) delete line[field];
    return `${text}${caller}${id}`;
  }
  const context = typeof line.context === 'string' ? `[${line.context}] ` : '';
  return `${context}${String(line[messageKey] ?? '')}${id}`;
}
