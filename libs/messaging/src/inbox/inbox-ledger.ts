// Where a consumer remembers what it has handled, in the same transaction as the effects. Services
// keep an inbox table of message ids in their PostgreSQL database (PostgresInbox); a read side keeps
// its own record next to its rows (e.g. projection checkpoints through TypeORM). Either way a message
// recorded before is not handled again, and the record commits or rolls back with the effect.
import { lockStreamsRow, streamLocksTaken, withTransaction, type Transaction } from '@eventshop/event-store';
import type { Pool } from 'pg';
import type { InboundMessage } from './inbox-consumer';

export interface InboxLedger<Tx> {
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  inTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Records `messages` (a batch's, of one partition or several, each partition's in offset order) as
   * handled by `consumer`, inside `tx`, in one round trip, and returns the message ids that were not
   * recorded before — those the consumer is to handle now. A ledger that locks a row per partition
   * takes them in one order, so two batches never wait on each other in a circle.
   * With `lockFirst`, the ledger first takes those streams' locks (lockStreams), in the same round
   * trip where it can.
   */
  recordNew(tx: Tx, consumer: string, messages: InboundMessage[], lockFirst?: string[]): Promise<Set<string>>;
}

/** The inbox table of a service's database: (consumer, message_id), one row per handled message. */
export class PostgresInbox implements InboxLedger<Transaction> {
  constructor(private readonly pool: Pool) {}

  inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, work);
  }

  async recordNew(tx: Transaction, consumer: string, messages: InboundMessage[], lockFirst: string[] = []): Promise<Set<string>> {
    const ids = messages.map((m) => m.messageId);
    const recorded = await tx.query<{ message_id: string }>(
      lockFirst.length === 0
        ? { name: 'inbox-record', text: RECORD_SQL, values: [consumer, ids] }
        : { name: 'inbox-lock-and-record', text: LOCK_AND_RECORD_SQL, values: [consumer, ids, lockFirst] },
    );
    if (lockFirst.length > 0) streamLocksTaken(tx, lockFirst);
    return new Set(recorded.rows.map((r) => r.message_id));
  }
}

// Ids in one order in every transaction: two batches holding copies of the same messages (a
// rebalance hands a partition over) wait for each other's rows, never in a circle.
const RECORD_SQL =
  'INSERT INTO inbox (consumer, message_id) SELECT $1, id FROM unnest($2::text[]) AS id ORDER BY id ON CONFLICT DO NOTHING RETURNING message_id';

// The handler's first locks and the record, one round trip: every row inserted is joined to the one
// row that took the locks, so no row is written before every lock is held (as if lockStreams had run
// first, in its own statement).
const LOCK_AND_RECORD_SQL = `
  WITH locks AS MATERIALIZED (${lockStreamsRow('$3')})
  INSERT INTO inbox (consumer, message_id) SELECT $1, id FROM locks, unnest($2::text[]) AS id ORDER BY id
  ON CONFLICT DO NOTHING RETURNING message_id`;
