// The workers of this process, by database and queue, so that a transaction scheduling due work can
// hand it straight to one of them: the item is written already leased to that worker, and once the
// transaction commits the worker calls out at once. Claiming it instead costs a wake-up and a writing
// round trip to the database per item — two per order in payment and shipping — and finds it a few
// milliseconds later. A crash between the commit and the call leaves the item leased: another worker
// takes it when the lease runs out, as it would an item whose call was under way.
import { Registry } from '@eventshop/lifecycle';
import type { WorkItem } from './work-item';

/** A worker that takes due items from the commits that schedule them. */
export interface LocalWorker {
  /** How long an item handed to it is its own. */
  readonly leaseMs: number;
  /** Holds up to `count` of its free slots for a transaction's items; returns how many it holds. */
  reserve(count: number): number;
  /** Gives back slots held for a transaction that rolled back, or for items it did not write. */
  release(count: number): void;
  /** Items a committed transaction leased to it, in slots it held for them. */
  take(items: WorkItem[]): void;
}

const workers = new Registry<LocalWorker>();

const keyOf = (database: string, queue: string) => `${database}#${queue}`;

/** Offers `worker` the due items of `queue` that transactions of this process on `database` schedule; returns the withdrawal. */
export function offerLocalWorker(database: string, queue: string, worker: LocalWorker): () => void {
  return workers.add(keyOf(database, queue), worker);
}

/** This process's workers of `queue` on `database`. */
export function localWorkersOf(database: string, queue: string): Iterable<LocalWorker> {
  return workers.get(keyOf(database, queue));
}
