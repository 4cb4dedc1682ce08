// The facts topics -> the read models (adapters/projections.ts). Each projection is an inbox consumer of its topics whose ledger
// is its checkpoints: a fact, validated by its contract, is projected in a transaction that also moves
// the projection's checkpoint, and the Kafka offset is committed after it. A fact that breaks its
// contract goes to <topic>.dlq and the partition keeps flowing, as with every consumer.
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
import { projectionConsumer, projectionGroupId } from './projection-consumer';

@Injectable()
export class ProjectionConsumers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumers: InboxConsumer<EntityManager>[] = [];
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
    const watched = projections.map((p) => ({ name: p.name, group: projectionGroupId(this.config, p.name), topics: p.topics }));
    registerKafkaMetrics(this.metrics, kafka, {
      consumers: () => watched,
      lag: { name: 'eventshop_projection_lag_messages', help: 'Facts a projection has not projected yet', label: 'projection' },
    });
    for (const projection of projections) {
      const consumer = projectionConsumer(projection, {
        groupId: projectionGroupId(this.config, projection.name),
        dataSource: this.dataSource,
        kafka,
        logger: this.logger,
        partitions: this.config.partitions,
        // What arrives within the gathering window, from any of the projection's partitions, up to this,
        // in one transaction: a few facts when they trickle in, many when they pile up.
        maxBatchSize: 500,
        gatherWindowMs: this.config.projectionGatherMs ?? defaultProjectionGatherMs,
      });
      this.consumers.push(consumer);
      await consumer.start();
    }
    // In the background: the service answers from the current tables meanwhile.
    this.rebuilding = rebuildOutdatedProjections({ config: this.config, dataSource: this.dataSource, logger: this.logger, signal: this.stopping.signal }).catch(
      (error: unknown) => this.logger.error({ err: error }, 'rebuilding an outdated projection failed; its current tables keep serving'),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.rebuilding;
    await Promise.all(this.consumers.map((c) => c.stop()));
  }
}
