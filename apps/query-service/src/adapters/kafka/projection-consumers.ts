// The facts topics -> the read models (adapters/projections.ts). The live projections are one inbox
// consumer of all their topics whose ledger is their checkpoints: a fact, validated by its contract,
// is projected in a transaction that also moves its projection's checkpoint, and the Kafka offset is
// committed after it. Facts of several projections that arrive close together share the transaction.
// A fact that breaks its contract goes to <topic>.dlq and the partition keeps flowing, as with every
// consumer.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createKafka, ensureTopics, registerKafkaMetrics, type InboxConsumer } from '@eventshop/messaging';
import { Registry } from 'prom-client';
import type { Logger } from '@eventshop/observability';
import type { DataSource, EntityManager } from 'typeorm';
import { QUERY_CONFIG, QUERY_LOGGER } from '../../application/tokens';
import { defaultProjectionGatherMs, type QueryConfig } from '../../config';
import { projectionsOf } from '../projections';
import { rebuildOutdatedProjections } from '../rebuild/rebuild-outdated';
import { liveProjectionsGroupId, projectionConsumer } from './projection-consumer';

@Injectable()
export class ProjectionConsumers implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: InboxConsumer<EntityManager>;
  private readonly stopping = new AbortController();
  private rebuilding?: Promise<void>;

  constructor(
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(QUERY_LOGGER) private readonly logger: Logger,
    private readonly metrics: Registry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const kafka = createKafka({ brokers: this.config.kafkaBrokers, clientId: 'query-service', logger: this.logger });
    const projections = projectionsOf(this.config);
    await ensureTopics(kafka, [...new Set(projections.flatMap((p) => p.topics))], this.config.partitions);
    // How far each projection is behind its topics, and the facts that broke their contract.
    const group = liveProjectionsGroupId(this.config);
    const watched = projections.map((p) => ({ name: p.name, group, topics: p.topics }));
    registerKafkaMetrics(this.metrics, kafka, {
      consumers: () => watched,
      lag: { name: 'eventshop_projection_lag_messages', help: 'Facts a projection has not projected yet', label: 'projection' },
    });
    this.consumer = projectionConsumer(projections, {
      groupId: group,
      dataSource: this.dataSource,
      kafka,
      logger: this.logger,
      partitions: this.config.partitions,
      // What arrives within the gathering window, for any projection from any partition, up to this,
      // in one transaction: a few facts when they trickle in, many when they pile up.
      maxBatchSize: 500,
      gatherWindowMs: this.config.projectionGatherMs ?? defaultProjectionGatherMs,
    });
    await this.consumer.start();
    // In the background: the service answers from the current tables meanwhile.
    this.rebuilding = rebuildOutdatedProjections({ config: this.config, dataSource: this.dataSource, logger: this.logger, signal: this.stopping.signal }).catch(
      (error: unknown) => this.logger.error({ err: error }, 'rebuilding an outdated projection failed; its current tables keep serving'),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.rebuilding;
    await this.consumer?.stop();
  }
}
