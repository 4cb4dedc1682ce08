// Works off a durable queue of calls to the outside world (charge a card, book a carrier). A command
// handler schedules an item in its own transaction (schedule-work.ts); a worker claims due items with a
// lease (no transaction held open during the slow call), or is handed them leased by the commit that
// scheduled them in its own process (local-workers.ts), calls out, then in one transaction records
// the outcome and completes the item — or reschedules it (queue and retry later). A crashed worker's
// lease runs out and another worker takes the item again, so the call is at-least-once: the outside
// call must be idempotent (an idempotency key per item). Each attempt runs in a "work" span continuing
// the trace the item was scheduled in, with the item's id on its log lines.
import { databaseOf, listenInProcess, withTransaction } from '@eventshop/event-store';
import { BackgroundLoop } from '@eventshop/lifecycle';
import { inSpan, withLogContext, type Logger } from '@eventshop/observability';
import type { Pool, PoolClient } from 'pg';
import { offerLocalWorker, type LocalWorker } from './local-workers';
import { workChannel } from './schedule-work';
import { workItemColumns, workItemOf, type WorkItem, type WorkItemRow, type WorkOutcome } from './work-item';

export interface WorkQueueWorkerOptions<P> {
  pool: Pool;
  queue: string;
  logger: Logger;
  handle(item: WorkItem<P>): Promise<WorkOutcome>;
  /** Items handled at once. */
  concurrency?: number;
  /** How long a claimed item is ours before another worker may take it. */
  leaseMs?: number;
  /**
   * How often the worker looks for work that nothing woke it for: deadlines coming due, leases running
   * out, due work another process scheduled and did not take. Work due now that this process
   * schedules, or that a commit elsewhere NOTIFYs, and the worker's own retries wake it at once.
   */
  pollIntervalMs?: number;
}

const defaultLeaseMs = 30_000;

export class WorkQueueWorker<P = unknown> extends BackgroundLoop {
  private readonly inFlight = new Set<Promise<void>>();
  /** Whether the last claim took everything that was due (fewer items than it asked for). */
  private drained = false;
  /** One wake-up for each retry this worker scheduled and has not looked for yet. */
  private readonly retryWakeups = new Set<NodeJS.Timeout>();
  /** Slots held for items that transactions of this process are handing over (not committed yet). */
  private reserved = 0;
  private listener?: PoolClient;
  private stopListeningInProcess?: () => void;
  private withdrawLocalWorker?: () => void;

  /** What transactions of this process see of this worker: free slots, and a hand for their due items. */
  private readonly localWorker: LocalWorker;

  constructor(private readonly options: WorkQueueWorkerOptions<P>) {
    super();
    this.localWorker = {
      leaseMs: options.leaseMs ?? defaultLeaseMs,
      reserve: (count) => {
        const held = this.running ? Math.max(0, Math.min(count, this.freeSlots())) : 0;
        this.reserved += held;
        return held;
      },
      release: (count) => {
        this.reserved -= count;
        if (count > 0 && !this.drained) this.wakeup.wake(); // slots held back from a claim are free again
      },
      take: (items) => {
        this.reserved -= items.length;
        if (this.running) for (const item of items) this.startWorking(item as WorkItem<P>);
        else this.giveBack(items);
      },
    };
  }

  /**
   * Keeps up to `concurrency` items in flight: claims as many as there are free slots whenever one
   * frees up or new work is notified, so one slow call never holds back the others. A claim that got
   * fewer items than it asked for left nothing due behind, so the worker then sleeps until something
   * new can be due — not after every finished item, where a claim would only find nothing (at a trickle
   * of orders, two of every three claims did).
   */
  protected async run(): Promise<void> {
    const { pollIntervalMs = 1_000, logger, queue } = this.options;
    while (this.running) {
      try {
        await this.listen();
        const free = this.freeSlots();
        const items = free > 0 ? await this.claim(free) : [];
        this.drained = items.length < free;
        for (const item of items) this.startWorking(item);
      } catch (error) {
        logger.error({ queue, err: error }, 'work queue worker failed; retrying');
        this.drained = false;
        this.stopListening();
      }
      // Either everything due was claimed, or every slot is taken: a wake-up tells when to look again.
      if (this.running) await this.wakeup.sleep(pollIntervalMs);
    }
    this.stopListening();
    for (const timer of this.retryWakeups) clearTimeout(timer);
    await Promise.all(this.inFlight);
  }

  private freeSlots(): number {
    return (this.options.concurrency ?? 8) - this.inFlight.size - this.reserved;
  }

  /** Works an item leased to this worker in a slot of its own. */
  private startWorking(item: WorkItem<P>): void {
    const { logger, queue } = this.options;
    const working = this.work(item)
      .catch((error: unknown) => logger.error({ queue, item: item.itemId, err: error }, 'work item failed; its lease will run out'))
      .finally(() => {
        this.inFlight.delete(working);
        if (!this.drained) this.wakeup.wake(); // a slot is free for work left waiting
      });
    this.inFlight.add(working);
  }

  /** Items handed over as this worker stopped: their leases go, so another worker takes them at once. */
  private giveBack(items: WorkItem[]): void {
    if (items.length === 0) return;
    const { pool, queue, logger } = this.options;
    pool
      .query('UPDATE work_items SET leased_until = NULL, attempts = attempts - 1 WHERE queue = $1 AND item_id = ANY($2::text[])', [
        queue,
        items.map((item) => item.itemId),
      ])
      .catch((error: unknown) => logger.warn({ queue, err: error }, 'giving back work items failed; their leases will run out'));
  }

  /** A connection of its own that LISTENs for newly scheduled work; polling covers the gaps. */
  private async listen(): Promise<void> {
    if (this.listener) return;
    const connection = await this.options.pool.connect();
    connection.on('notification', () => this.wakeup.wake());
    connection.on('error', () => this.stopListening());
    this.listener = connection;
    await connection.query(`LISTEN "${workChannel(this.options.queue).replaceAll('"', '""')}"`);
    // Work scheduled by this process wakes this worker directly, without a NOTIFY round trip.
    this.stopListeningInProcess = listenInProcess(connection, workChannel(this.options.queue), () => this.wakeup.wake());
    // Due work scheduled by this process comes straight to this worker while it listens.
    this.withdrawLocalWorker = offerLocalWorker(databaseOf(connection), this.options.queue, this.localWorker);
  }

  private stopListening(): void {
    this.withdrawLocalWorker?.();
    this.withdrawLocalWorker = undefined;
    this.stopListeningInProcess?.();
    this.stopListeningInProcess = undefined;
    // Destroyed, not returned to the pool: LISTEN belongs to the session.
    this.listener?.release(true);
    this.listener = undefined;
  }

  private async claim(count: number): Promise<WorkItem<P>[]> {
    const { pool, queue, leaseMs = defaultLeaseMs } = this.options;
    const { rows } = await pool.query<WorkItemRow>(
      `UPDATE work_items SET leased_until = now() + make_interval(secs => $3 / 1000.0), attempts = attempts + 1
       WHERE (queue, item_id) IN (
         SELECT queue, item_id FROM work_items
         WHERE queue = $1 AND due_at <= now() AND (leased_until IS NULL OR leased_until < now())
         ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING ${workItemColumns}`,
      [queue, count, leaseMs],
    );
    return rows.map((row) => workItemOf<P>(queue, row));
  }

  private work(item: WorkItem<P>): Promise<void> {
    const attributes = { 'work.queue': item.queue, 'work.item': item.itemId, 'work.attempt': item.attempts };
    return inSpan(`work ${item.queue}`, { parent: item.traceparent, attributes }, () =>
      withLogContext({ workItem: `${item.queue}/${item.itemId}` }, () => this.attempt(item)),
    );
  }

  private async attempt(item: WorkItem<P>): Promise<void> {
    const { pool, queue, logger } = this.options;
    let outcome: WorkOutcome;
    try {
      outcome = await this.options.handle(item);
    } catch (error) {
      outcome = { retryInMs: 1_000, reason: (error as Error).message };
    }
    if ('retryInMs' in outcome) {
      logger.warn({ queue, item: item.itemId, attempts: item.attempts, reason: outcome.reason }, 'work item rescheduled');
      await pool.query(
        `UPDATE work_items SET due_at = now() + make_interval(secs => $3 / 1000.0), leased_until = NULL, last_error = $4,
                               payload = coalesce($5::jsonb, payload)
         WHERE queue = $1 AND item_id = $2`,
        [queue, item.itemId, outcome.retryInMs, outcome.reason, outcome.payload === undefined ? null : JSON.stringify(outcome.payload)],
      );
      this.wakeForRetryIn(outcome.retryInMs);
      return;
    }
    try {
      await withTransaction(pool, async (tx) => {
        await outcome.done(tx);
        await tx.query({ name: 'work-complete', text: 'DELETE FROM work_items WHERE queue = $1 AND item_id = $2', values: [queue, item.itemId] });
      });
    } catch (error) {
      // The lease will run out and the item be tried again; the outside call is idempotent.
      logger.error({ queue, item: item.itemId, err: error }, 'recording a work outcome failed');
    }
  }

  /** Wakes the loop when a retry this worker scheduled falls due, so it is not left to the next poll. */
  private wakeForRetryIn(ms: number): void {
    const timer = setTimeout(() => {
      this.retryWakeups.delete(timer);
      this.wakeup.wake();
    }, ms).unref();
    this.retryWakeups.add(timer);
  }
}
