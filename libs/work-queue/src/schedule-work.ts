// Scheduling and withdrawing work inside the caller's transaction: the work exists if and only if the
// state change that asked for it commits. Work due now goes straight to a worker of this process when
// one has a free slot (local-workers.ts); the rest wakes the queue's workers to claim it.
import { notifyAfterCommit, unprepared, type Transaction } from '@eventshop/event-store';
import { traceparentOf } from '@eventshop/observability';
import { localWorkersOf, type LocalWorker } from './local-workers';
import { workItemColumns, workItemOf, type WorkItemRow } from './work-item';

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
// and a round trip costs the database more than the rows it writes. Items handed to a worker of this
// process ($7) are written leased to it, their first attempt counted, as a claim would have left them.
const CHANGE_WORK_SQL = `
  WITH withdrawn AS (DELETE FROM work_items WHERE queue = $1 AND item_id = ANY($2::text[]))
  INSERT INTO work_items (queue, item_id, payload, due_at, traceparent, leased_until, attempts)
  SELECT $1, item_id, payload, coalesce(due_at, now()), $6,
         CASE WHEN item_id = ANY($7::text[]) THEN now() + make_interval(secs => $8 / 1000.0) END,
         CASE WHEN item_id = ANY($7::text[]) THEN 1 ELSE 0 END
  FROM unnest($3::text[], $4::jsonb[], $5::timestamptz[]) AS t(item_id, payload, due_at)
  ON CONFLICT (queue, item_id) DO NOTHING
  RETURNING ${workItemColumns}`;

/**
 * Withdraws and schedules items of a queue in the caller's transaction, in one statement.
 * - Scheduling an item that exists changes nothing.
 * - Withdrawing is by id, one primary-key lookup each, so the cost does not grow with the queue (matching
 *   ids by prefix scanned every item of the queue, in-flight or dead).
 * - Work due now goes to a worker of this process with free slots once the transaction commits, already
 *   leased to it; what no local slot holds wakes the queue's workers, so they need not poll for it.
 * - Each item keeps the trace it was scheduled in (its worker's call continues it).
 */
export async function changeWork(tx: Transaction, queue: string, { cancel = [], schedule = [] }: WorkChanges): Promise<void> {
  if (cancel.length === 0 && schedule.length === 0) return;
  const both = schedule.find((item) => cancel.includes(item.itemId));
  if (both) throw new Error(`work item ${queue}/${both.itemId} is both withdrawn and scheduled`);
  const dueNow = schedule.filter((item) => !item.dueAt || item.dueAt.getTime() <= Date.now());
  const handOff = dueNow.length > 0 ? reserveLocalWorker(tx.database, queue, dueNow.length) : undefined;
  const handedOff = new Set(dueNow.slice(0, handOff?.reserved ?? 0).map((item) => item.itemId));
  let rows: WorkItemRow[];
  try {
    // Unprepared: a prepared statement's generic plan, costed while the table was nearly empty, read
    // every item of the queue through its due-time index for each withdrawal (2–4 ms a change at
    // 60 orders/s, growing with the queue) instead of looking the ids up by the primary key.
    ({ rows } = await tx.query<WorkItemRow>(
      unprepared(CHANGE_WORK_SQL, [
        queue,
        cancel,
        schedule.map((item) => item.itemId),
        schedule.map((item) => JSON.stringify(item.payload)),
        schedule.map((item) => item.dueAt ?? null),
        traceparentOf() ?? null,
        [...handedOff],
        handOff?.worker.leaseMs ?? 0,
      ]),
    ));
  } catch (error) {
    handOff?.worker.release(handOff.reserved);
    throw error;
  }
  let taken = 0;
  if (handOff) {
    const { worker, reserved } = handOff;
    // An item scheduled before was not written again: it is not this transaction's to hand off.
    const items = rows.filter((row) => handedOff.has(row.item_id)).map((row) => workItemOf(queue, row));
    worker.release(reserved - items.length);
    tx.afterCommit(() => worker.take(items));
    tx.afterRollback(() => worker.release(items.length));
    taken = items.length;
  }
  if (dueNow.length > taken) notifyAfterCommit(tx, workChannel(queue));
}

/** The first worker of this process for `queue` that holds slots for some of `count` items. */
function reserveLocalWorker(database: string, queue: string, count: number): { worker: LocalWorker; reserved: number } | undefined {
  for (const worker of localWorkersOf(database, queue)) {
    const reserved = worker.reserve(count);
    if (reserved > 0) return { worker, reserved };
  }
  return undefined;
}

/** Schedules one item in the caller's transaction (see changeWork). */
export function scheduleWork(tx: Transaction, queue: string, itemId: string, payload: unknown, dueAt?: Date): Promise<void> {
  return changeWork(tx, queue, { schedule: [{ itemId, payload, dueAt }] });
}

/** Withdraws items by id in the caller's transaction — e.g. a saga's deadline that was answered and would only fire as a no-op. */
export function cancelWork(tx: Transaction, queue: string, itemIds: string[]): Promise<void> {
  return changeWork(tx, queue, { cancel: itemIds });
}
