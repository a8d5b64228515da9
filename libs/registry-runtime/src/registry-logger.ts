import { ConsoleLogger } from '@nestjs/common';

/** Nest's start-up chatter (one line per module and route) that operators do not need at `log` level. */
const QUIET_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

/** The console logger, without Nest's per-route and per-module start-up lines. */
export class RegistryLogger extends ConsoleLogger {
  override log(message: unknown, context?: string): void {
    if (context !== undefined && QUIET_CONTEXTS.has(context)) return;
    super.log(message, context);
  }
}
