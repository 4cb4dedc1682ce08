// One place that builds kafkajs clients, so every producer and consumer shares sane settings and
// kafkajs's own logs go through our logger (its retriable "errors" are noise at error level).
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '@eventshop/observability';
import { fixKafkaJsIdleTimer } from './request-queue-idle-fix';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

/**
 * How every client rides out a broker that is away (restarting, failing over): a retry at most every
 * second, for about 30 s, before an operation fails. A consumer must not give up sooner: a kafkajs
 * consumer that crashes restarts as a new group member, and the coordinator then holds the group's
 * rebalance until the old member's session expires — the ~17 s a broker restart used to cost. One
 * that keeps retrying keeps its member id and carries on with its next heartbeat.
 */
export const brokerOutageRetry = { initialRetryTime: 100, maxRetryTime: 1_000, retries: 30 };

export function createKafka({ brokers, clientId, logger }: KafkaSettings): Kafka {
  fixKafkaJsIdleTimer();
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: brokerOutageRetry,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      // Our producers retry a failed send themselves (the outbox row stays until acknowledged), so
      // kafkajs's bounded-retry warning for idempotent producers is expected, not a problem.
      if (message.startsWith('Limiting retries for the idempotent producer')) return;
      logger.warn({ kafkajs: entry.namespace, ...extra }, message);
    },
  });
}

/**
 * A consumer's liveness timings, chosen for failover speed with room for a busy machine:
 * - session 6 s (the broker's lowest by default): a killed instance's partitions go to the others
 *   within 6 s, and a member that crashed and came back as a new one is waited for no longer;
 * - a heartbeat every second (and after each chunk of a batch): six chances per session, so a long
 *   GC pause or a starved event loop of a few seconds costs no rebalance;
 * - an idle fetch waits up to 500 ms for data (the broker answers as soon as some arrives): an idle
 *   consumer asks twice a second instead of ten times.
 */
export const consumerTimings = { sessionTimeout: 6_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 500 };
