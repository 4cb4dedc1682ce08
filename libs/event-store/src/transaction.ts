// One transaction on a connection, and notifications sent after it commits.
//
// Why after, not inside: a transaction that NOTIFYs takes a cluster-wide lock at commit and holds it
// through its WAL flush, so every notifying transaction commits one after another. Measured here with
// pgbench (16 clients): INSERT + NOTIFY in one transaction 4,400/s, the same INSERT with the NOTIFY
// sent after COMMIT 13,900/s. A notification lost to a crash between the two only delays a listener
// until its next poll, which listeners here always have.
//
// A `Transaction` is made only by withTransaction or beginTransaction and carries the notifications
// it owes, so a plain connection cannot be handed to the outbox or the work queue: writing to them
// outside a Transaction would commit without waking their listeners (found in bench/event-store,
// where a hand-written BEGIN/COMMIT left the relay to its polling: p99 1 s instead of tens of ms).
import type { ClientBase, Pool } from 'pg';
import { databaseOf, wakeInProcess } from './in-process-notifications';
import { withPooledConnection } from './pooled-connection';

/** A connection inside BEGIN ... COMMIT: pass it to append, the outbox and the work queue to share one transaction. */
export interface Transaction {
  readonly query: ClientBase['query'];
  /** The database it writes to (host:port/name), for handing what it commits to workers of this process. */
  readonly database: string;
  /** Asks for `channel` to be notified once this transaction commits (once per channel, not at all on rollback). */
  notifyAfterCommit(channel: string): void;
  /** Runs `effect` once this transaction has committed, never on rollback (counting what it did, for metrics). */
  afterCommit(effect: () => void): void;
  /** Runs `effect` once this transaction has rolled back, never on commit (giving back what it reserved in memory). */
  afterRollback(effect: () => void): void;
  /**
   * Runs `write` inside this transaction just before it commits, in the order asked: rows gathered
   * while the transaction ran (the outbox's messages) go in with one statement. If it throws, nothing commits.
   */
  beforeCommit(write: () => Promise<void>): void;
}

/** A transaction held open by hand (tests that interleave writers, benchmarks): commit or roll back it yourself. */
export interface OpenTransaction extends Transaction {
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** Asks for `channel` to be notified once the transaction commits. */
export function notifyAfterCommit(tx: Transaction, channel: string): void {
  tx.notifyAfterCommit(channel);
}

class PgTransaction implements OpenTransaction {
  readonly query: ClientBase['query'];
  private readonly channels = new Set<string>();
  private readonly effects: (() => void)[] = [];
  private readonly rollbackEffects: (() => void)[] = [];
  private readonly writes: (() => Promise<void>)[] = [];

  constructor(private readonly client: ClientBase) {
    this.query = client.query.bind(client) as ClientBase['query'];
  }

  /** Asked only by what routes work to this process's workers, not of every transaction. */
  get database(): string {
    return databaseOf(this.client);
  }

  notifyAfterCommit(channel: string): void {
    this.channels.add(channel);
  }

  afterCommit(effect: () => void): void {
    this.effects.push(effect);
  }

  afterRollback(effect: () => void): void {
    this.rollbackEffects.push(effect);
  }

  beforeCommit(write: () => Promise<void>): void {
    this.writes.push(write);
  }

  async commit(): Promise<void> {
    for (const write of this.writes.splice(0)) await write();
    await this.client.query('COMMIT');
    this.rollbackEffects.length = 0;
    runEach(this.effects.splice(0));
    // Listeners in this process are woken directly; only the others need PostgreSQL to tell them.
    const channels = [...this.channels].filter((channel) => !wakeInProcess(this.client, channel));
    this.channels.clear();
    if (channels.length === 0) return;
    // It committed: a failure to notify must not look like its failure; the listeners' polling covers it.
    await this.client
      .query({ name: 'notify-after-commit', text: "SELECT pg_notify(channel, '') FROM unnest($1::text[]) AS channel", values: [channels] })
      .catch(() => undefined);
  }

  async rollback(): Promise<void> {
    this.channels.clear();
    this.effects.length = 0;
    this.writes.length = 0;
    // Run whether or not ROLLBACK itself gets through. (A COMMIT whose answer was lost may still have
    // committed: what these give back is only in memory, and the rows it wrote wait out their leases.)
    runEach(this.rollbackEffects.splice(0));
    await this.client.query('ROLLBACK');
  }
}

/** Runs every effect; one that throws does not stop the others, nor make the transaction look failed. */
function runEach(effects: (() => void)[]): void {
  for (const effect of effects) {
    try {
      effect();
    } catch {
      // Effects count and give back in memory; they must never fail what they follow.
    }
  }
}

/** Begins a transaction on a connection the caller owns (and releases). */
export async function beginTransaction(client: ClientBase): Promise<OpenTransaction> {
  await client.query('BEGIN');
  return new PgTransaction(client);
}

/** Runs `work` in one transaction on a pooled connection; commits if it resolves, rolls back if it throws. */
export function withTransaction<T>(pool: Pool, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return withPooledConnection(pool, async (client) => {
    const tx = await beginTransaction(client);
    try {
      const result = await work(tx);
      await tx.commit();
      return result;
    } catch (error) {
      await tx.rollback().catch(() => undefined);
      throw error;
    }
  });
}
