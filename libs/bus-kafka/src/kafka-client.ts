import { Logger, LoggerService } from '@nestjs/common';
import { Kafka, KafkaConfig, LogEntry, logLevel } from 'kafkajs';

export type KafkaLogger = Pick<LoggerService, 'log' | 'warn' | 'error'>;

/** The topic every registry event goes to (MCP_REGISTRY_KAFKA_TOPIC). */
export const DEFAULT_EVENTS_TOPIC = 'mcp-registry.events';

export interface KafkaClientOptions {
  brokers: string[];
  /** Default `mcp-registry`. */
  clientId?: string;
  /** kafkajs's own log lines go here. Default: Nest's Logger. */
  logger?: KafkaLogger;
  /** Default WARN: kafkajs logs every join and commit at INFO. */
  logLevel?: logLevel;
  /** TLS, SASL, timeouts: passed through to kafkajs. */
  config?: Omit<KafkaConfig, 'brokers' | 'clientId' | 'logCreator' | 'logLevel'>;
}

/** A kafkajs client whose logs go through the registry's logger. */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  const logger = options.logger ?? new Logger('kafkajs');
  return new Kafka({
    ...options.config,
    brokers: options.brokers,
    clientId: options.clientId ?? 'mcp-registry',
    logLevel: options.logLevel ?? logLevel.WARN,
    logCreator: () => (entry: LogEntry) => writeKafkaLog(logger, entry),
  });
}

function writeKafkaLog(logger: KafkaLogger, { namespace, level, log }: LogEntry): void {
  const { message, error } = log;
  const line = `[${namespace}] ${message}${error === undefined ? '' : `: ${String(error)}`}`;
  // kafkajs logs each error response of the wire protocol (a rebalance, a moved coordinator) at ERROR
  // and then handles it; failures that matter surface from the operation that failed.
  if (level === logLevel.ERROR && namespace !== 'Connection') logger.error(line);
  else if (level <= logLevel.WARN) logger.warn(line);
  else logger.log(line);
}
