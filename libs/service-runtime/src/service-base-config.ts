// The configuration every service shares (where it listens, its database, the brokers) and how it
// is read from the environment; each service reads its own extra variables beside it.
import type { EventStore } from '@eventshop/event-store';
import type { Outbox } from '@eventshop/messaging';
import type { PoolConfig } from 'pg';
import { z } from 'zod';
import { infrastructureEnv, loadConfig } from './service-config';

export interface ServiceBaseConfig {
  /** Prepended to every topic name (TOPIC_PREFIX), so that several stacks can share one broker. */
  topicPrefix?: string;
  port: number;
  host: string;
  database: PoolConfig;
  kafkaBrokers: string[];
  partitions: number;
  logLevel: string;
  /** How often workers look for due work when nothing woke them. */
  workPollIntervalMs?: number;
  /** How long a claimed work item is a worker's; a crashed worker's items wait this long (WORK_LEASE_MS). */
  workLeaseMs?: number;
  /** The least age of an inbox record before it may be deleted (INBOX_RETENTION_MS; never before the consumed topics' retention). */
  inboxRetentionMs?: number;
}

export function baseConfigFromEnv(defaults: { port: number; database: string }, env: NodeJS.ProcessEnv = process.env): ServiceBaseConfig {
  const schema = infrastructureEnv.extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(defaults.port),
    PGDATABASE: z.string().min(1).default(defaults.database),
    TOPIC_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._-]*$/)
      .default(''),
    WORK_LEASE_MS: z.coerce.number().int().positive().default(30_000),
    INBOX_RETENTION_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(7 * 24 * 3_600_000),
  });
  const e = loadConfig(schema, env);
  return {
    topicPrefix: e.TOPIC_PREFIX,
    port: e.PORT,
    host: e.HOST,
    database: { host: e.PGHOST, port: e.PGPORT, user: e.PGUSER, password: e.PGPASSWORD, database: e.PGDATABASE, max: e.PG_POOL_SIZE },
    kafkaBrokers: e.KAFKA_BROKERS,
    partitions: e.KAFKA_PARTITIONS,
    logLevel: e.LOG_LEVEL,
    workLeaseMs: e.WORK_LEASE_MS,
    inboxRetentionMs: e.INBOX_RETENTION_MS,
  };
}

/** The topics of a saga participant: its commands in, the saga's replies out, its facts out. */
export interface ParticipantTopics {
  commands: string;
  replies: string;
  events: string;
}

/** What a saga participant's use cases work with: its event store, its outbox and its topics. */
export interface ParticipantContext {
  store: EventStore;
  outbox: Outbox;
  topics: ParticipantTopics;
}

/** The topics with the configured prefix in front of each name. */
export function prefixTopics<T extends { [K in keyof T]: string }>(topics: T, prefix = ''): T {
  return Object.fromEntries(Object.entries(topics as Record<string, string>).map(([role, name]) => [role, `${prefix}${name}`])) as T;
}

/**
 * A service's whole configuration from the environment: the shared part (with the service's default
 * port, database and topics, prefixed) and the service's own variables, validated by `own` — every
 * wrong variable named in one error at start.
 */
export function serviceConfigFromEnv<T extends { [K in keyof T]: string }, S extends z.ZodObject>(
  defaults: { port: number; database: string; topics: T },
  own: S,
  env: NodeJS.ProcessEnv = process.env,
): { config: ServiceBaseConfig & { topics: T }; own: z.infer<S> } {
  const parsedOwn = loadConfig(own, env);
  const base = baseConfigFromEnv(defaults, env);
  return { config: { ...base, topics: prefixTopics(defaults.topics, base.topicPrefix) }, own: parsedOwn };
}
