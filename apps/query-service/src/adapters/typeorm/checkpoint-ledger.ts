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

  async recordNew(manager: EntityManager, _consumer: string, messages: InboundMessage[]): Promise<Set<string>> {
    if (messages.length === 0) return new Set();
    const { projection } = this;
    const { topic, partition } = messages[0];
    const checkpoints = manager.getRepository(ProjectionCheckpointRow);
    const stored = await checkpoints.findOne({ where: { projection, topic, partition }, lock: { mode: 'pessimistic_write' } });
    const after = BigInt(stored?.lastOffset ?? -1);
    const fresh = messages.filter((m) => BigInt(m.offset) > after);
    if (fresh.length === 0) return new Set();
    const last = fresh.reduce((max, m) => (BigInt(m.offset) > max ? BigInt(m.offset) : max), after);
    await checkpoints.upsert({ projection, topic, partition, lastOffset: last.toString(), updatedAt: new Date() }, ['projection', 'topic', 'partition']);
    return new Set(fresh.map((m) => m.messageId));
  }
}
