// A unit of durable work and what its handler answers about it.
import type { Transaction } from '@eventshop/event-store';

export interface WorkItem<P = unknown> {
  queue: string;
  itemId: string;
  payload: P;
  attempts: number;
  createdAt: Date;
  /** The trace the item was scheduled in, if tracing ran. */
  traceparent?: string;
}

/** What a handler decided: record the outcome (with the item's completion), or try again later. */
export type WorkOutcome = { done(tx: Transaction): Promise<void> } | { retryInMs: number; reason: string; payload?: unknown };

/** Nothing to record: the item is completed as it is (e.g. its work was answered by someone else). */
export const nothingToRecord: WorkOutcome = { done: async () => undefined };

/** Backoff between attempts at an outside call: 200 ms, doubling, at most 30 s. */
export const workBackoff = (attempts: number) => Math.min(30_000, 200 * 2 ** Math.max(0, attempts - 1));
