// A unit of durable work and what its handler answers about it.
import type { Transaction } from '@eventshop/event-store';

export interface WorkItem<P = unknown> {
  queue: string;
  itemId: string;
  payload: P;
  /** Attempts so far, this one included: counted when the item is leased, before its handler runs. */
  attempts: number;
  createdAt: Date;
  /** The trace the item was scheduled in, if tracing ran. */
  traceparent?: string;
}

/** A work_items row as a claim or a hand-off returns it. */
export interface WorkItemRow {
  item_id: string;
  payload: unknown;
  attempts: number;
  created_at: Date;
  traceparent: string | null;
}

/** The columns a WorkItemRow is read from. */
export const workItemColumns = 'item_id, payload, attempts, created_at, traceparent';

export function workItemOf<P>(queue: string, row: WorkItemRow): WorkItem<P> {
  return {
    queue,
    itemId: row.item_id,
    payload: row.payload as P,
    attempts: row.attempts,
    createdAt: row.created_at,
    ...(row.traceparent ? { traceparent: row.traceparent } : {}),
  };
}

/** What a handler decided: record the outcome (with the item's completion), or try again later. */
export type WorkOutcome = { done(tx: Transaction): Promise<void> } | { retryInMs: number; reason: string; payload?: unknown };

/** Nothing to record: the item is completed as it is (e.g. its work was answered by someone else). */
export const nothingToRecord: WorkOutcome = { done: async () => undefined };

/** Backoff between attempts at an outside call: 200 ms, doubling, at most 30 s. */
export const workBackoff = (attempts: number) => Math.min(30_000, 200 * 2 ** Math.max(0, attempts - 1));

/**
 * Whether an attempt before this one may have acted in the outside world without its outcome being
 * recorded: its call went out, then recording the answer failed (the database went away) and the
 * lease ran out. On the first attempt certainly not. A handler that would skip the call because the
 * work was called off meanwhile must still settle what such an earlier call may have done.
 */
export const earlierAttemptMayHaveActed = (item: Pick<WorkItem, 'attempts'>) => item.attempts > 1;
