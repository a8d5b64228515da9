import { hostname } from 'node:os';
import type { DestinationStream, Logger } from 'pino';

/** The fields of a request's line (besides level, time, pid, hostname, name and msg). */
export interface RequestLine {
  reqId: string;
  method: string;
  /** The route pattern (`/v0.1/servers/:serverName`), null when no route matched. */
  route: string | null;
  status: number;
  /** Milliseconds from the request's arrival to the end of the answer. */
  responseTime: number;
  /** The login method of the write's registry token. */
  authMethod?: string;
  /** The subject of the write's registry token. */
  sub?: string;
}

export type RequestLineLevel = 'info' | 'debug';

/** Where request lines go: the process's log, or nowhere. */
export interface RequestLineSink {
  enabled(level: RequestLineLevel): boolean;
  write(level: RequestLineLevel, line: RequestLine): void;
}

export const SILENT_REQUEST_LINES: RequestLineSink = {
  enabled: () => false,
  write: () => undefined,
};

/** Strings JSON takes as they are between quotes: no quote, backslash or control character. */
const PLAIN = /^[\w .:/+=@-]*$/;

function quoted(text: string): string {
  return PLAIN.test(text) ? `"${text}"` : JSON.stringify(text);
}

/**
 * Request lines written as the text pino would write for `logger.info(line, 'request')` (same keys,
 * same order, the logger's level and its `name`), built by hand: the line has a fixed shape, and pino's
 * general serialiser was about a third of a hot read's logging cost. The level follows `logger`'s.
 */
export function requestLineSink(
  logger: Logger,
  destination: DestinationStream,
  options: { name: string; levelLabels: boolean },
): RequestLineSink {
  const label = (level: RequestLineLevel) =>
    options.levelLabels ? `"${level}"` : String(logger.levels.values[level]);
  const bindings = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())},"name":${JSON.stringify(options.name)}`;
  const heads = { info: `{"level":${label('info')},"time":`, debug: `{"level":${label('debug')},"time":` };
  const values = { info: logger.levels.values.info ?? 30, debug: logger.levels.values.debug ?? 20 };
  const routes = new Map<string, string>();
  const routeJson = (route: string): string => {
    let json = routes.get(route);
    if (json === undefined) {
      json = JSON.stringify(route);
      // Route patterns are few (the app's routes); anything else is not remembered.
      if (routes.size < 1_000) routes.set(route, json);
    }
    return json;
  };
  return {
    // pino's own check looks the level up by name each time; the numbers are what it compares.
    enabled: (level) => logger.levelVal <= values[level],
    write: (level, line) => {
      let text =
        heads[level] +
        Date.now() +
        bindings +
        ',"reqId":' +
        quoted(line.reqId) +
        ',"method":' +
        quoted(line.method) +
        ',"route":' +
        (line.route === null ? 'null' : routeJson(line.route)) +
        ',"status":' +
        line.status +
        ',"responseTime":' +
        line.responseTime;
      if (line.sub !== undefined) {
        text +=
          ',"authMethod":' + JSON.stringify(line.authMethod ?? '') + ',"sub":' + JSON.stringify(line.sub);
      }
      destination.write(text + ',"msg":"request"}\n');
    },
  };
}
