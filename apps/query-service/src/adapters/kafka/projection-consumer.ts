// Projections as an inbox consumer of their topics whose ledger is their checkpoints. The live
// projections are one consumer together (one processing group): what arrives close together for any
// of them is projected in one transaction, each projection's facts by its own handler and under its
// own checkpoints. A rebuild's replay is one projection alone. They differ in their group, their
// tables (the DataSource's) and how big a batch may grow.
import { InboxConsumer, type BatchHandler, type createKafka, type MessageContracts } from '@eventshop/messaging';
import type { Logger } from '@eventshop/observability';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryConfig } from '../../config';
import type { ProjectionSpec } from '../projections';
import { CheckpointLedger } from '../typeorm/checkpoint-ledger';

/** The consumer group of the live projections. */
export const liveProjectionsGroupId = (config: Pick<QueryConfig, 'topicPrefix'>) => `${config.topicPrefix ?? ''}query.projections`;

/** The prefix of a projection's rebuild groups (each rebuild adds a suffix of its own). */
export const rebuildGroupIdPrefix = (config: Pick<QueryConfig, 'topicPrefix'>, projection: string) => `${config.topicPrefix ?? ''}query.${projection}.rebuild`;

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

/** Every topic feeds exactly one projection: a consumer of several could not tell whose a fact is otherwise. */
function routesOf(projections: ProjectionSpec[]): (topic: string) => ProjectionSpec {
  const routes = new Map<string, ProjectionSpec>();
  for (const projection of projections) {
    for (const topic of projection.topics) {
      const other = routes.get(topic);
      if (other) throw new Error(`topic ${topic} feeds two projections (${other.name}, ${projection.name})`);
      routes.set(topic, projection);
    }
  }
  return (topic) => {
    const projection = routes.get(topic);
    if (!projection) throw new Error(`no projection reads ${topic}`);
    return projection;
  };
}

export function projectionConsumer(projections: ProjectionSpec[], options: ProjectionConsumerOptions): InboxConsumer<EntityManager> {
  const projectionOf = routesOf(projections);
  const contracts: MessageContracts = { parse: (topic, payload) => projectionOf(topic).contracts.parse(topic, payload) };
  // Each projection gets its own facts, in the order they came (per partition, the offsets' order).
  const handleBatch: BatchHandler<EntityManager> = async (messages, manager) => {
    for (const projection of projections) {
      const own = messages.filter((m) => projectionOf(m.topic) === projection);
      if (own.length > 0) await projection.handleBatch(own, manager);
    }
  };
  const topics = projections.flatMap((p) => p.topics);
  return new InboxConsumer<EntityManager>({
    consumer: options.groupId,
    topics,
    kafka: options.kafka,
    // Each fact under the checkpoints of the projection its topic feeds.
    ledger: new CheckpointLedger(options.dataSource, (topic) => projectionOf(topic).name),
    logger: options.logger,
    contracts,
    handleBatch,
    fromBeginning: true,
    maxBatchSize: options.maxBatchSize,
    gatherWindowMs: options.gatherWindowMs,
    // Every partition it reads at once: a fact never waits behind another partition's transaction.
    partitionsConsumedConcurrently: topics.length * options.partitions,
  });
}
