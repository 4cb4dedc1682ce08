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

/** A partition's first checkpoint was written by a transaction this one did not see: handled again, this batch sees it. */
export class CheckpointRace extends Error {
  constructor(partitions: { topic: string; partition: number }[]) {
    super(
      `first checkpoint of ${partitions.map((p) => `${p.topic}[${p.partition}]`).join(', ')} written meanwhile by another transaction; to be handled again`,
    );
  }
}

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
   * A partition's first checkpoint has no row to lock: two batches of it at once (two members during
   * a rebalance) both find none. The one whose insert meets the other's row — it waits for that
   * transaction, then updates or keeps the row it never saw — cannot tell what the other projected, so
   * it fails with CheckpointRace, and the consumer handles its messages again against the row now there.
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
    const rows = [...moved.values()];
    const checkpoints = (await manager.query(
      `WITH batch AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[]) AS b(projection, topic, partition, highest)
       ), stored AS (
         SELECT c.projection, c.topic, c.partition, c.last_offset FROM ${table} c JOIN batch USING (projection, topic, partition)
         ORDER BY c.projection, c.topic, c.partition FOR UPDATE OF c
       ), written AS (
         INSERT INTO ${table} AS c (projection, topic, partition, last_offset, updated_at)
         SELECT projection, topic, partition, highest, now() FROM batch ORDER BY projection, topic, partition
         ON CONFLICT (projection, topic, partition) DO UPDATE SET last_offset = EXCLUDED.last_offset, updated_at = EXCLUDED.updated_at
         WHERE c.last_offset < EXCLUDED.last_offset
         RETURNING c.projection, c.topic, c.partition, xmax = 0 AS inserted
       )
       SELECT b.topic, b.partition, s.last_offset::text AS previous, coalesce(w.inserted, false) AS inserted
       FROM batch b LEFT JOIN stored s USING (projection, topic, partition) LEFT JOIN written w USING (projection, topic, partition)`,
      [rows.map((r) => r.projection), rows.map((r) => r.topic), rows.map((r) => r.partition), rows.map((r) => r.highest.toString())],
    )) as { topic: string; partition: number; previous: string | null; inserted: boolean }[];
    const raced = checkpoints.filter((p) => p.previous === null && !p.inserted);
    if (raced.length > 0) throw new CheckpointRace(raced);
    const after = new Map(checkpoints.map((p) => [partitionKey(p), p.previous === null ? -1n : BigInt(p.previous)]));
    return new Set(messages.filter((m) => BigInt(m.offset) > (after.get(partitionKey(m)) ?? -1n)).map((m) => m.messageId));
  }
}
