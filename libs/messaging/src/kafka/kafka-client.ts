// One place that builds kafkajs clients, so every producer and consumer shares sane settings and
// kafkajs's own logs go through our logger (its retriable "errors" are noise at error level).
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '@eventshop/observability';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

export function createKafka({ brokers, clientId, logger }: KafkaSettings): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 100, retries: 10 },
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      // Our producers retry a failed send themselves (the outbox row stays until acknowledged), so
      // kafkajs's bounded-retry warning for idempotent producers is expected, not a problem.
      if (message.startsWith('Limiting retries for the idempotent producer')) return;
      logger.warn({ kafkajs: entry.namespace, ...extra }, message);
    },
  });
}
