// Projections as an inbox consumer of their topics whose ledger is their checkpoints. The live
// projections are one consumer together (one processing group): what arrives close together for any
// of them is projected in one transaction, each projection's facts by its own handler and under its
// own checkpoints. A rebuild's replay is one projection alone. They differ in their group, their
// tables (the DataSource's) and how big a batch may grow.
import { InboxConsumer, type BatchHandler, type createKafka, type InboundMessage, type InboxLedger, type MessageContracts } from '@eventshop/messaging';
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

/** The projection each topic feeds: every topic feeds exactly one. */
function projectionsByTopic(projections: ProjectionSpec[]): Map<string, ProjectionSpec> {
  const byTopic = new Map<string, ProjectionSpec>();
  for (const projection of projections) {
    for (const topic of projection.topics) {
      const other = byTopic.get(topic);
      if (other) throw new Error(`topic ${topic} feeds two projections (${other.name}, ${projection.name}): one consumer could not tell whose it is`);
      byTopic.set(topic, projection);
    }
  }
  return byTopic;
}

/** Checkpoints of several projections: each partition's facts are recorded under the projection its topic feeds. */
class ProjectionsLedger implements InboxLedger<EntityManager> {
  private readonly ledgers = new Map<string, CheckpointLedger>();

  constructor(
    private readonly dataSource: DataSource,
    byTopic: Map<string, ProjectionSpec>,
  ) {
    for (const [topic, projection] of byTopic) this.ledgers.set(topic, new CheckpointLedger(dataSource, projection.name));
  }

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  recordNew(manager: EntityManager, consumer: string, messages: InboundMessage[]): Promise<Set<string>> {
    if (messages.length === 0) return Promise.resolve(new Set());
    return this.ledgerOf(messages[0].topic).recordNew(manager, consumer, messages);
  }

  private ledgerOf(topic: string): CheckpointLedger {
    const ledger = this.ledgers.get(topic);
    if (!ledger) throw new Error(`no projection reads ${topic}`);
    return ledger;
  }
}

export function projectionConsumer(projections: ProjectionSpec[], options: ProjectionConsumerOptions): InboxConsumer<EntityManager> {
  const byTopic = projectionsByTopic(projections);
  const projectionOf = (topic: string) => {
    const projection = byTopic.get(topic);
    if (!projection) throw new Error(`no projection reads ${topic}`);
    return projection;
  };
  const contracts: MessageContracts = { parse: (topic, payload) => projectionOf(topic).contracts.parse(topic, payload) };
  // Each projection gets its own facts, in the order they came (per partition, the offsets' order).
  const handleBatch: BatchHandler<EntityManager> = async (messages, manager) => {
    for (const projection of projections) {
      const own = messages.filter((m) => byTopic.get(m.topic) === projection);
      if (own.length > 0) await projection.handleBatch(own, manager);
    }
  };
  const topics = [...byTopic.keys()];
  return new InboxConsumer<EntityManager>({
    consumer: options.groupId,
    topics,
    kafka: options.kafka,
    ledger: new ProjectionsLedger(options.dataSource, byTopic),
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
