// The read side's inbox: instead of every message id, a checkpoint per projection, topic and
// partition (the last offset projected), written in the transaction of the rows. A message at or below
// the checkpoint was projected already and is skipped — so a redelivery, or a consumer restarted
// after a crash between the commit and Kafka's offset commit, changes nothing.
import type { InboundMessage, InboxLedger } from '@eventshop/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpointRow } from './projection-checkpoint.entity';

export class CheckpointLedger implements InboxLedger<EntityManager> {
  constructor(
    private readonly dataSource: DataSource,
    /** The projection whose checkpoints these are (not the consumer group: a rebuild reads with a new one). */
    private readonly projection: string,
  ) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * One round trip per batch: the stored checkpoint, read under the row's lock (a batch of the same
   * partition handled elsewhere at the same time waits, then sees what it wrote), and the batch's
   * highest offset written over it if higher — a read and an upsert made in one statement instead of
   * two, as this runs once for every batch of facts the read side takes in.
   */
  async recordNew(manager: EntityManager, _consumer: string, messages: InboundMessage[]): Promise<Set<string>> {
    if (messages.length === 0) return new Set();
    const { topic, partition } = messages[0];
    const highest = messages.reduce((max, m) => (BigInt(m.offset) > max ? BigInt(m.offset) : max), -1n);
    const table = `"${manager.connection.getMetadata(ProjectionCheckpointRow).tableName}"`; // a rebuild's shadow table has a prefix
    const [{ previous }] = (await manager.query(
      `WITH stored AS (
         SELECT last_offset FROM ${table} WHERE projection = $1 AND topic = $2 AND partition = $3 FOR UPDATE
       ), written AS (
         INSERT INTO ${table} AS c (projection, topic, partition, last_offset, updated_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (projection, topic, partition) DO UPDATE SET last_offset = EXCLUDED.last_offset, updated_at = EXCLUDED.updated_at
         WHERE c.last_offset < EXCLUDED.last_offset
       )
       SELECT (SELECT last_offset::text FROM stored) AS previous`,
      [this.projection, topic, partition, highest.toString()],
    )) as { previous: string | null }[];
    const after = BigInt(previous ?? -1);
    return new Set(messages.filter((m) => BigInt(m.offset) > after).map((m) => m.messageId));
  }
}
