// One projection as an inbox consumer of its topics whose ledger is its checkpoints — what the live
// projections and a rebuild's replay both are; they differ in their group, their tables (the
// DataSource's) and how big a batch may grow.
import { InboxConsumer, type createKafka } from '@eventshop/messaging';
import type { Logger } from '@eventshop/observability';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryConfig } from '../../config';
import type { ProjectionSpec } from '../projections';
import { CheckpointLedger } from '../typeorm/checkpoint-ledger';

/** The live consumer group of a projection (a rebuild's group adds a suffix to it). */
export const projectionGroupId = (config: Pick<QueryConfig, 'topicPrefix'>, projection: string) => `${config.topicPrefix ?? ''}query.${projection}`;

export interface ProjectionConsumerOptions {
  groupId: string;
  /** Where its tables and checkpoints are (a rebuild's prefixes them: its shadow tables). */
  dataSource: DataSource;
  kafka: ReturnType<typeof createKafka>;
  logger: Logger;
  /** Partitions per topic. */
  partitions: number;
  /** Most facts projected in one transaction. */
  maxBatchSize: number;
  /** How long facts of all partitions are gathered for one transaction (0: each fetched batch on its own). */
  gatherWindowMs?: number;
}

export function projectionConsumer(projection: ProjectionSpec, options: ProjectionConsumerOptions): InboxConsumer<EntityManager> {
  return new InboxConsumer<EntityManager>({
    consumer: options.groupId,
    topics: projection.topics,
    kafka: options.kafka,
    ledger: new CheckpointLedger(options.dataSource, projection.name),
    logger: options.logger,
    contracts: projection.contracts,
    handleBatch: projection.handleBatch,
    fromBeginning: true,
    maxBatchSize: options.maxBatchSize,
    gatherWindowMs: options.gatherWindowMs,
    // Every partition it reads at once: a fact never waits behind another partition's transaction.
    partitionsConsumedConcurrently: projection.topics.length * options.partitions,
  });
}
