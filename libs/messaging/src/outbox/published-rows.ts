// The outbox rows the relay has published and not deleted yet, and who deletes them.
//
// A delete of its own costs the relay a write transaction (a transaction id, a WAL flush): one a second
// per service at a trickle, when that is a good part of all the service writes. A writer of the same
// process that commits messages anyway deletes them in the statement that inserts its own instead:
// the rows are lent to its transaction, forgotten once it commits, given back if it rolls back. The
// relay deletes what no writer took once it has waited (or once too many wait), and when it stops.
// A row stays in the list the relay's reads skip until its delete has committed, so none is published
// twice meanwhile.
import { Registry } from '@eventshop/lifecycle';

export class PublishedRows {
  /** Published and not deleted, oldest first: what the relay's reads skip. */
  private readonly waiting = new Set<string>();
  /** Of those, the ones a writer's open transaction is deleting. */
  private readonly lent = new Set<string>();
  /** Since when the oldest row no one holds has waited (0: rows were given back, due at once). */
  private since = 0;
  /** Statements of writers that deleted published rows (the relay counts its own). */
  deletedByWriters = 0;

  /** Rows just published. */
  add(ids: string[]): void {
    if (this.unlentCount() === 0) this.since = Date.now();
    for (const id of ids) this.waiting.add(id);
  }

  /** Every row published and not deleted yet. */
  all(): string[] {
    return [...this.waiting];
  }

  /** Whether the relay is to delete the rows no writer holds now: the oldest has waited `afterMs`, or `atRows` wait. */
  dueForRelay(afterMs: number, atRows: number): boolean {
    const unlent = this.unlentCount();
    return unlent > 0 && (Date.now() - this.since >= afterMs || unlent >= atRows);
  }

  /** How long until the relay is due to delete (undefined while no row waits for it). */
  dueInMs(afterMs: number): number | undefined {
    return this.unlentCount() > 0 ? Math.max(0, this.since + afterMs - Date.now()) : undefined;
  }

  /** The rows no one holds, lent to the statement that deletes them (a writer's or the relay's). */
  lend(): string[] {
    const ids = [...this.waiting].filter((id) => !this.lent.has(id));
    for (const id of ids) this.lent.add(id);
    return ids;
  }

  /** A statement deleted these rows and its transaction committed: they are gone. */
  deleted(ids: string[], byWriter = false): void {
    for (const id of ids) {
      this.waiting.delete(id);
      this.lent.delete(id);
    }
    if (byWriter) this.deletedByWriters++;
  }

  /** The statement that was to delete them failed or rolled back: the rows are due for the relay at once. */
  returned(ids: string[]): void {
    for (const id of ids) this.lent.delete(id);
    this.since = 0;
  }

  private unlentCount(): number {
    return this.waiting.size - this.lent.size;
  }
}

const leaders = new Registry<PublishedRows>();

const keyOf = (database: string, service: string) => `${database}#${service}`;

/** While the relay of `service` on `database` leads in this process, writers may delete what it published; returns the withdrawal. */
export function offerPublishedRows(database: string, service: string, rows: PublishedRows): () => void {
  return leaders.add(keyOf(database, service), rows);
}

/** The published rows a writer of this process on `database` may delete, if the relay of `service` leads here. */
export function publishedRowsOf(database: string, service: string): PublishedRows | undefined {
  for (const rows of leaders.get(keyOf(database, service))) return rows;
  return undefined;
}
