// Scheduling and withdrawing work inside the caller's transaction: the work exists if and only if the
// state change that asked for it commits.
import { notifyAfterCommit, type Transaction } from '@eventshop/event-store';
import { traceparentOf } from '@eventshop/observability';

/** The channel a queue's workers LISTEN on; a commit that scheduled due work notifies it. */
export const workChannel = (queue: string) => `work_items:${queue}`;

/** An item to schedule: due now unless `dueAt` says when. */
export interface NewWork {
  itemId: string;
  payload: unknown;
  dueAt?: Date;
}

/** What a transaction changes in one queue: items it withdraws and items it schedules. */
export interface WorkChanges {
  cancel?: string[];
  schedule?: NewWork[];
}

// One statement for both: a saga's transition sets its next deadline and withdraws the answered one,
// and a round trip costs the database more than the rows it writes.
const CHANGE_WORK_SQL = `
  WITH withdrawn AS (DELETE FROM work_items WHERE queue = $1 AND item_id = ANY($2::text[]))
  INSERT INTO work_items (queue, item_id, payload, due_at, traceparent)
  SELECT $1, item_id, payload, coalesce(due_at, now()), $6 FROM unnest($3::text[], $4::jsonb[], $5::timestamptz[]) AS t(item_id, payload, due_at)
  ON CONFLICT (queue, item_id) DO NOTHING`;

/**
 * Withdraws and schedules items of a queue in the caller's transaction, in one statement.
 * - Scheduling an item that exists changes nothing.
 * - Withdrawing is by id, one primary-key lookup each, so the cost does not grow with the queue (matching
 *   ids by prefix scanned every item of the queue, in-flight or dead).
 * - Work due now wakes the queue's workers once the transaction commits, so they need not poll for it.
 * - Each item keeps the trace it was scheduled in (its worker's call continues it).
 */
export async function changeWork(tx: Transaction, queue: string, { cancel = [], schedule = [] }: WorkChanges): Promise<void> {
  if (cancel.length === 0 && schedule.length === 0) return;
  const both = schedule.find((item) => cancel.includes(item.itemId));
  if (both) throw new Error(`work item ${queue}/${both.itemId} is both withdrawn and scheduled`);
  await tx.query({
    name: 'work-change',
    text: CHANGE_WORK_SQL,
    values: [
      queue,
      cancel,
      schedule.map((item) => item.itemId),
      schedule.map((item) => JSON.stringify(item.payload)),
      schedule.map((item) => item.dueAt ?? null),
      traceparentOf() ?? null,
    ],
  });
  if (schedule.some((item) => !item.dueAt || item.dueAt.getTime() <= Date.now())) notifyAfterCommit(tx, workChannel(queue));
}

/** Schedules one item in the caller's transaction (see changeWork). */
export function scheduleWork(tx: Transaction, queue: string, itemId: string, payload: unknown, dueAt?: Date): Promise<void> {
  return changeWork(tx, queue, { schedule: [{ itemId, payload, dueAt }] });
}

/** Withdraws items by id in the caller's transaction — e.g. a saga's deadline that was answered and would only fire as a no-op. */
export function cancelWork(tx: Transaction, queue: string, itemIds: string[]): Promise<void> {
  return changeWork(tx, queue, { cancel: itemIds });
}
