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

/** Where a topic's facts go: the projection it feeds, and the checkpoints they are recorded under. */
interface Route {
  projection: ProjectionSpec;
  checkpoints: CheckpointLedger;
}

/** Every topic feeds exactly one projection: a consumer of several could not tell whose a fact is otherwise. */
function routesOf(projections: ProjectionSpec[], dataSource: DataSource): (topic: string) => Route {
  const routes = new Map<string, Route>();
  for (const projection of projections) {
    const checkpoints = new CheckpointLedger(dataSource, projection.name);
    for (const topic of projection.topics) {
      const other = routes.get(topic);
      if (other) throw new Error(`topic ${topic} feeds two projections (${other.projection.name}, ${projection.name})`);
      routes.set(topic, { projection, checkpoints });
    }
  }
  return (topic) => {
    const route = routes.get(topic);
    if (!route) throw new Error(`no projection reads ${topic}`);
    return route;
  };
}

/** Checkpoints of several projections: each partition's facts are recorded under the projection its topic feeds. */
class ProjectionsLedger implements InboxLedger<EntityManager> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly routeOf: (topic: string) => Route,
  ) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  recordNew(manager: EntityManager, consumer: string, messages: InboundMessage[]): Promise<Set<string>> {
    if (messages.length === 0) return Promise.resolve(new Set());
    return this.routeOf(messages[0].topic).checkpoints.recordNew(manager, consumer, messages);
  }
}

export function projectionConsumer(projections: ProjectionSpec[], options: ProjectionConsumerOptions): InboxConsumer<EntityManager> {
  const routeOf = routesOf(projections, options.dataSource);
  const contracts: MessageContracts = { parse: (topic, payload) => routeOf(topic).projection.contracts.parse(topic, payload) };
  // Each projection gets its own facts, in the order they came (per partition, the offsets' order).
  const handleBatch: BatchHandler<EntityManager> = async (messages, manager) => {
    for (const projection of projections) {
      const own = messages.filter((m) => routeOf(m.topic).projection === projection);
      if (own.length > 0) await projection.handleBatch(own, manager);
    }
  };
  const topics = projections.flatMap((p) => p.topics);
  return new InboxConsumer<EntityManager>({
    consumer: options.groupId,
    topics,
    kafka: options.kafka,
    ledger: new ProjectionsLedger(options.dataSource, routeOf),
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
