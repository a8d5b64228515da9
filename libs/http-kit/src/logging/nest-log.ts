import type { LogLevel, LoggerService } from '@nestjs/common';
import type { Level } from 'pino';
import { RegistryLog } from './registry-log';
import { scrubSecrets } from './secret-scrubbing';

const PINO_LEVEL_OF: Record<LogLevel, Level> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};
const VERBOSITY: readonly LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];

/**
 * Nest's LoggerService on the process's pino log: `new Logger('Context').warn(...)` anywhere becomes one
 * line with `context`. Messages from the `demoted` contexts (Nest's start-up chatter) are logged at
 * debug instead of info.
 */
export class NestLog implements LoggerService {
  constructor(
    readonly logs: RegistryLog,
    private readonly demoted: ReadonlySet<string> = new Set(),
  ) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest's `logLevels` option and `Logger.overrideLogger([...])`: the most verbose level named wins. */
  setLogLevels(levels: LogLevel[]): void {
    const most = VERBOSITY.find((level) => levels.includes(level));
    this.logs.app.level = most === undefined ? 'silent' : PINO_LEVEL_OF[most];
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    // Nest's Logger appends the instance's context as the last argument; error() puts the stack (or
    // undefined) before it.
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? rest.pop() : undefined;
    const effective =
      level === 'info' && typeof context === 'string' && this.demoted.has(context) ? 'debug' : level;
    const app = this.logs.app;
    if (!app.isLevelEnabled(effective)) return;
    const line: Record<string, unknown> = context === undefined ? {} : { context };
    const stack = level === 'error' && typeof rest[0] === 'string' ? rest[0] : undefined;
    if (stack !== undefined) line.stack = scrubSecrets(stack);
    let text: string;
    if (message instanceof Error) {
      line.err = {
        type: message.name,
        message: scrubSecrets(message.message),
        stack: scrubSecrets(message.stack ?? ''),
      };
      text = message.message;
    } else if (typeof message === 'object' && message !== null) {
      // A structured message: its fields join the line (redacted by name), its `msg` is the text.
      const { msg, ...fields } = message as Record<string, unknown>;
      Object.assign(line, fields);
      text = typeof msg === 'string' ? msg : '';
    } else {
      text = String(message);
    }
    app[effective](line, text);
  }
}
