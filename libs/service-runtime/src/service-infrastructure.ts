// Everything an event-sourced service runs on, started and stopped in the right order: the
// database (migrated), the event store, the outbox and its relay, topics, inbox consumers and the
// inbox's retention job.
// Services describe what they consume; this wires it the same way for each of them.
import type { MessageCatalog } from '@eventshop/contracts';
import { EventStore, migrate, type Migration, type Upcaster } from '@eventshop/event-store';
import {
  createKafka,
  deadLettersOf,
  ensureTopics,
  InboxConsumer,
  InboxRetention,
  kafkaAnswers,
  Outbox,
  OutboxRelay,
  PostgresInbox,
  registerInboxMetrics,
  registerKafkaMetrics,
  registerOutboxMetrics,
  type InboxHandler,
  type RetryPolicy,
} from '@eventshop/messaging';
import type { Logger } from '@eventshop/observability';
import { registerBreakerMetrics, type BreakerStats, type ObservedBreaker } from '@eventshop/resilience';
import { Pool, type PoolConfig } from 'pg';
import { Registry } from 'prom-client';
import { ensureDatabase } from './ensure-database';
import { serviceMigrations } from './participant-database';
import { defaultPoolSize } from './service-config';
import type { ServiceBaseConfig } from './service-base-config';
import { WorkQueueWorker, type WorkQueueWorkerOptions } from '@eventshop/work-queue';

export interface ServiceInfrastructureOptions {
  service: string;
  database: PoolConfig;
  kafkaBrokers: string[];
  logger: Logger;
  /** Topics this service writes or reads (their DLQs come along). */
  topics: string[];
  partitions?: number;
  migrations?: Migration[];
  upcaster?: Upcaster;
  /** In front of consumer group ids, so stacks sharing a broker (TOPIC_PREFIX) never share a group. */
  groupPrefix?: string;
  /** Defaults for every work-queue worker of the service (poll interval, lease). */
  work?: Pick<WorkQueueWorkerOptions<unknown>, 'pollIntervalMs' | 'leaseMs'>;
  /** The least age of an inbox record before the retention job may delete it (7 days by default). */
  inboxRetentionMs?: number;
}

/** A consumer: its name, topics and contracts, and its handler — one message at a time, or a batch's new ones at once. */
export type ConsumerSpec = {
  name: string;
  topics: string[];
  contracts: MessageCatalog;
  retry?: RetryPolicy;
  /**
   * Most messages handled in one transaction (default 200). A handler that locks state shared across
   * partitions takes a batch's locks in one sorted call (lockStreams), or batches deadlock.
   */
  maxBatchSize?: number;
} & InboxHandler;

export class ServiceInfrastructure {
  readonly pool: Pool;
  readonly store: EventStore;
  readonly outbox: Outbox;
  /** The service's Prometheus registry, served at GET /metrics. */
  readonly metrics = new Registry();
  private readonly kafka: ReturnType<typeof createKafka>;
  private readonly relay: OutboxRelay;
  private readonly inboxRetention: InboxRetention;
  private readonly consumers: InboxConsumer[] = [];
  private readonly workers: WorkQueueWorker[] = [];
  private readonly stopHooks: (() => void | Promise<void>)[] = [];
  private readonly breakers: ObservedBreaker[] = [];
  /** The consumers' groups and topics, for the lag and dead-letter gauges. */
  private readonly consumerSpecs: { name: string; group: string; topics: string[] }[] = [];

  /** The infrastructure of a service from its base configuration. */
  static forService(
    service: string,
    config: ServiceBaseConfig,
    topics: string[],
    logger: Logger,
    extra: Pick<ServiceInfrastructureOptions, 'migrations' | 'upcaster'> = {},
  ): ServiceInfrastructure {
    return new ServiceInfrastructure({
      service,
      database: config.database,
      kafkaBrokers: config.kafkaBrokers,
      logger,
      topics,
      partitions: config.partitions,
      groupPrefix: config.topicPrefix,
      work: { pollIntervalMs: config.workPollIntervalMs, leaseMs: config.workLeaseMs },
      inboxRetentionMs: config.inboxRetentionMs,
      ...extra,
    });
  }

  constructor(private readonly options: ServiceInfrastructureOptions) {
    this.pool = new Pool({ max: defaultPoolSize, ...options.database });
    // An idle client losing its connection (database restart) must not crash the process.
    this.pool.on('error', (error) => options.logger.warn({ err: error }, 'idle database connection lost'));
    this.store = new EventStore(this.pool, options.upcaster);
    this.outbox = new Outbox(options.service);
    this.kafka = createKafka({ brokers: options.kafkaBrokers, clientId: options.service, logger: options.logger });
    this.relay = new OutboxRelay({ service: options.service, pool: this.pool, kafka: this.kafka, logger: options.logger });
    this.inboxRetention = new InboxRetention({
      pool: this.pool,
      kafka: this.kafka,
      topics: () => [...new Set(this.consumerSpecs.flatMap((c) => c.topics))],
      minimumAgeMs: options.inboxRetentionMs ?? 7 * 24 * 3_600_000,
      logger: options.logger,
    });
    registerOutboxMetrics(this.metrics, this.pool, this.relay);
    registerKafkaMetrics(this.metrics, this.kafka, { consumers: () => this.consumerSpecs });
    registerInboxMetrics(this.metrics, () => this.consumers.map((consumer, i) => ({ name: this.consumerSpecs[i].name, consumer })));
  }

  consume(spec: ConsumerSpec): this {
    const group = `${this.options.groupPrefix ?? ''}${this.options.service}.${spec.name}`;
    this.consumerSpecs.push({ name: spec.name, group, topics: spec.topics });
    this.consumers.push(
      new InboxConsumer({
        consumer: group,
        topics: spec.topics,
        kafka: this.kafka,
        ledger: new PostgresInbox(this.pool),
        logger: this.options.logger,
        contracts: spec.contracts,
        ...('handle' in spec
          ? { handle: spec.handle, prepare: spec.prepare, prepares: spec.prepares }
          : { handleBatch: spec.handleBatch, locksFirst: spec.locksFirst }),
        retry: spec.retry,
        maxBatchSize: spec.maxBatchSize,
        // Every partition at once: a batch is handled in order within its partition only.
        partitionsConsumedConcurrently: this.options.partitions ?? 3,
      }),
    );
    return this;
  }

  /** Runs a worker for a work queue (calls to the outside world) alongside the consumers. */
  work<P>(options: Omit<WorkQueueWorkerOptions<P>, 'pool' | 'logger'>): WorkQueueWorker<P> {
    const worker = new WorkQueueWorker<P>({ ...this.options.work, ...options, pool: this.pool, logger: this.options.logger });
    this.workers.push(worker as WorkQueueWorker);
    return worker;
  }

  /** Shows breakers in the metrics and at GET /breakers (the dashboard's view of the outside world). */
  watchBreakers(breakers: ObservedBreaker[]): this {
    registerBreakerMetrics(this.metrics, breakers);
    this.breakers.push(...breakers);
    return this;
  }

  /** Every watched breaker's state and window, by name. */
  breakerStates(): (BreakerStats & { name: string })[] {
    return this.breakers.map((b) => ({ name: b.name, ...b.stats() }));
  }

  /** Runs at stop, after workers and consumers have stopped (e.g. shutting breakers down). */
  onStop(hook: () => void | Promise<void>): this {
    this.stopHooks.push(hook);
    return this;
  }

  async start(): Promise<void> {
    await ensureDatabase(this.options.database);
    await migrate(this.pool, [...serviceMigrations, ...(this.options.migrations ?? [])]);
    await ensureTopics(this.kafka, this.options.topics, this.options.partitions ?? 3);
    this.relay.start();
    await Promise.all(this.consumers.map((c) => c.start()));
    this.workers.forEach((w) => w.start());
    this.inboxRetention.start();
  }

  async stop(): Promise<void> {
    await this.inboxRetention.stop();
    await Promise.all(this.workers.map((w) => w.stop()));
    await Promise.all(this.consumers.map((c) => c.stop()));
    await this.relay.stop();
    for (const hook of this.stopHooks) await hook();
    await this.pool.end();
  }

  /** True when the brokers answer; for readiness checks. */
  kafkaAnswers(): Promise<boolean> {
    return kafkaAnswers(this.kafka);
  }

  /** What waits in the dead-letter topics of what the service consumes, as a reason to report, if anything. */
  async deadLettersWaiting(): Promise<string | undefined> {
    const depths = await deadLettersOf(
      this.kafka,
      this.consumerSpecs.flatMap((c) => c.topics),
    );
    const waiting = Object.entries(depths).filter(([, messages]) => messages > 0);
    return waiting.length > 0 ? `dead letters waiting: ${waiting.map(([topic, n]) => `${topic} ${n}`).join(', ')}` : undefined;
  }

  /** True when the database answers; for readiness checks. */
  async databaseAnswers(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
