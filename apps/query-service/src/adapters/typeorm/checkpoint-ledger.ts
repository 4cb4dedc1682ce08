// The read side's inbox: instead of every message id, a checkpoint per projection, topic and
// partition (the last offset projected), written in the transaction of the rows. A message at or below
// the checkpoint was projected already and is skipped — so a redelivery, or a consumer restarted
// after a crash between the commit and Kafka's offset commit, changes nothing.
import type { InboundMessage, InboxLedger } from '@eventshop/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpointRow } from './projection-checkpoint.entity';

/** A checkpoint a batch moves: a partition's highest offset in the batch, under the projection its topic feeds. */
interface Moved {
  projection: string;
  topic: string;
  partition: number;
  highest: bigint;
}

const partitionKey = ({ topic, partition }: { topic: string; partition: number }) => `${topic}\u0000${partition}`;

/** The checkpoints a batch moves, as rows of a statement ($1–$4). */
const batchRows = 'SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[]) AS b(projection, topic, partition, highest)';
const batchParameters = (rows: Moved[]) => [
  rows.map((r) => r.projection),
  rows.map((r) => r.topic),
  rows.map((r) => r.partition),
  rows.map((r) => r.highest.toString()),
];

export class CheckpointLedger implements InboxLedger<EntityManager> {
  constructor(
    private readonly dataSource: DataSource,
    /** The projection whose checkpoints a topic's facts are recorded under (not the consumer group: a rebuild reads with a new one). */
    private readonly projectionOf: (topic: string) => string,
  ) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * One round trip per batch, whatever partitions and projections it spans: each stored checkpoint,
   * read under its row's lock (a batch of the same partition handled elsewhere at the same time
   * waits, then sees what it wrote; rows locked in one order, so two batches never wait in a circle),
   * and the batch's highest offset written over it if higher.
   * A partition's first checkpoint has no row to lock: two batches of it at once (two flushes, or two
   * members during a rebalance) both find none, and the second one's insert waits for the first's
   * row. The statement's snapshot cannot show that row, so it only locks it, unchanged; a second
   * statement — a new snapshot, which sees it — reads what the other transaction projected up to and
   * moves it on. That second round trip happens once per partition, when its checkpoint is born.
   */
  async recordNew(manager: EntityManager, _consumer: string, messages: InboundMessage[]): Promise<Set<string>> {
    if (messages.length === 0) return new Set();
    const moved = new Map<string, Moved>();
    for (const { topic, partition, offset } of messages) {
      const key = partitionKey({ topic, partition });
      const highest = BigInt(offset);
      const known = moved.get(key);
      if (!known) moved.set(key, { projection: this.projectionOf(topic), topic, partition, highest });
      else if (highest > known.highest) known.highest = highest;
    }
    const table = `"${manager.connection.getMetadata(ProjectionCheckpointRow).tableName}"`; // a rebuild's shadow table has a prefix
    const checkpoints = (await manager.query(
      `WITH batch AS (${batchRows}), stored AS (
         SELECT c.projection, c.topic, c.partition, c.last_offset FROM ${table} c JOIN batch USING (projection, topic, partition)
         ORDER BY c.projection, c.topic, c.partition FOR UPDATE OF c
       ), written AS (
         INSERT INTO ${table} AS c (projection, topic, partition, last_offset, updated_at)
         SELECT projection, topic, partition, highest, now() FROM batch ORDER BY projection, topic, partition
         ON CONFLICT (projection, topic, partition) DO UPDATE SET last_offset = EXCLUDED.last_offset, updated_at = EXCLUDED.updated_at
         WHERE c.last_offset < EXCLUDED.last_offset AND (c.projection, c.topic, c.partition) IN (SELECT projection, topic, partition FROM stored)
         RETURNING c.projection, c.topic, c.partition, xmax = 0 AS inserted
       )
       SELECT b.topic, b.partition, s.last_offset::text AS previous, coalesce(w.inserted, false) AS inserted
       FROM batch b LEFT JOIN stored s USING (projection, topic, partition) LEFT JOIN written w USING (projection, topic, partition)`,
      batchParameters([...moved.values()]),
    )) as { topic: string; partition: number; previous: string | null; inserted: boolean }[];
    const previous = new Map(checkpoints.map((c) => [partitionKey(c), c.previous === null ? -1n : BigInt(c.previous)]));
    const born = checkpoints.filter((c) => c.previous === null && !c.inserted); // by another transaction, meanwhile
    if (born.length > 0) {
      const theirs = (await manager.query(
        `WITH batch AS (${batchRows}), current AS (
           SELECT c.topic, c.partition, c.last_offset FROM ${table} c JOIN batch USING (projection, topic, partition)
         ), moved AS (
           UPDATE ${table} c SET last_offset = b.highest, updated_at = now() FROM batch b
           WHERE (c.projection, c.topic, c.partition) = (b.projection, b.topic, b.partition) AND c.last_offset < b.highest
         )
         SELECT topic, partition, last_offset::text AS previous FROM current`,
        batchParameters(born.map((c) => moved.get(partitionKey(c)) as Moved)),
      )) as { topic: string; partition: number; previous: string }[];
      for (const c of theirs) previous.set(partitionKey(c), BigInt(c.previous));
    }
    return new Set(messages.filter((m) => BigInt(m.offset) > (previous.get(partitionKey(m)) ?? -1n)).map((m) => m.messageId));
  }
}
