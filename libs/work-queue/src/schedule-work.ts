// Scheduling and withdrawing work inside the caller's transaction: the work exists if and only if the
// state change that asked for it commits.
import { notifyAfterCommit, type Transaction } from '@eventshop/event-store';
import { traceparentOf } from '@eventshop/observability';

/** The channel a queue's workers LISTEN on; a commit that scheduled due work notifies it. */
export const workChannel = (queue: string) => `work_items:${queue}`;

/**
 * Schedules an item in the caller's transaction; scheduling an item that exists changes nothing.
 * Work due now also wakes the queue's workers once the transaction commits, so they need not poll for it.
 * The item keeps the trace it was scheduled in (its worker's call continues it).
 */
export async function scheduleWork(tx: Transaction, queue: string, itemId: string, payload: unknown, dueAt?: Date): Promise<void> {
  await tx.query({
    name: 'work-schedule',
    text: `INSERT INTO work_items (queue, item_id, payload, due_at, traceparent) VALUES ($1, $2, $3, coalesce($4::timestamptz, now()), $5)
           ON CONFLICT (queue, item_id) DO NOTHING`,
    values: [queue, itemId, JSON.stringify(payload), dueAt ?? null, traceparentOf() ?? null],
  });
  if (!dueAt || dueAt.getTime() <= Date.now()) notifyAfterCommit(tx, workChannel(queue));
}

/**
 * Withdraws items of a queue by id in the caller's transaction — e.g. a saga's deadline that was
 * answered and would only fire as a no-op. Each id is one primary-key lookup, so the cost does not
 * grow with the queue (matching ids by prefix scanned every item of the queue, in-flight or dead).
 */
export async function cancelWork(tx: Transaction, queue: string, itemIds: string[]): Promise<void> {
  if (itemIds.length === 0) return;
  await tx.query({
    name: 'work-cancel',
    text: 'DELETE FROM work_items WHERE queue = $1 AND item_id = ANY($2::text[])',
    values: [queue, itemIds],
  });
}
