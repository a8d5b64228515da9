import { RegistryConfig } from '@registry/config';
import { NestLog, RegistryLog, createRegistryLog, silentRegistryLog } from '@registry/http-kit';

/** Nest's start-up chatter (one line per module and route): debug, not info. */
const QUIET_CONTEXTS: ReadonlySet<string> = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

/**
 * A registry process's logger: Nest's Logger (`new Logger('Context')` throughout the code) and the
 * request lines on one pino log, JSON lines (or pretty on a terminal) with `name` and `context`, at
 * MCP_REGISTRY_LOG_LEVEL in MCP_REGISTRY_LOG_FORMAT.
 */
export class RegistryLogger extends NestLog {
  constructor(logs: RegistryLog) {
    super(logs, QUIET_CONTEXTS);
  }

  /** A server process (`registry`, `registry-api`, `projector`, ...): stdout, `info` unless configured. */
  static forServer(config: RegistryConfig, name: string): RegistryLogger {
    return new RegistryLogger(
      createRegistryLog({
        name,
        level: config.log.level ?? 'info',
        format: config.log.format,
        destination: 1,
      }),
    );
  }

  /**
   * The CLI's operator commands (import, replay): stderr, since stdout is the command's answer, and
   * only warnings and errors unless MCP_REGISTRY_LOG_LEVEL asks for more.
   */
  static forOperator(config: RegistryConfig): RegistryLogger {
    return new RegistryLogger(
      createRegistryLog({
        name: 'cli',
        level: config.log.level ?? 'warn',
        format: config.log.format,
        destination: 2,
      }),
    );
  }

  static silent(name?: string): RegistryLogger {
    return new RegistryLogger(silentRegistryLog(name));
  }
}
