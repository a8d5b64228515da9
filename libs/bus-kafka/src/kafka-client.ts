import { Logger, LoggerService } from '@nestjs/common';
import type { KafkaSecurity } from '@registry/config';
import { Kafka, KafkaConfig, LogEntry, SASLOptions, logLevel } from 'kafkajs';

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

/**
 * kafkajs's TLS and SASL options for the configured security: TLS verifies the brokers' certificates
 * (against the configured CA bundle, or Node's); SASL authenticates with PLAIN or SCRAM.
 */
export function kafkaSecurityOptions(security: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const ssl = security.tls
    ? security.tlsCaPem !== undefined
      ? { rejectUnauthorized: true, ca: [security.tlsCaPem] }
      : true
    : undefined;
  const sasl = security.sasl === undefined ? undefined : saslOptions(security.sasl);
  return { ...(ssl !== undefined ? { ssl } : {}), ...(sasl !== undefined ? { sasl } : {}) };
}

function saslOptions({ mechanism, username, password }: NonNullable<KafkaSecurity['sasl']>): SASLOptions {
  switch (mechanism) {
    case 'plain':
      return { mechanism, username, password };
    case 'scram-sha-256':
      return { mechanism, username, password };
    case 'scram-sha-512':
      return { mechanism, username, password };
  }
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
