import { EventStore, migrate } from '@eventshop/event-store';
import { createTestDatabase, sleep, waitUntil, type TestDatabase } from '@eventshop/testing';
import pino from 'pino';
import { changeWork, scheduleWork, workQueueMigrations, WorkQueueWorker, type WorkItem, type WorkOutcome } from './index';

describe('work queue (PostgreSQL)', () => {
  let db: TestDatabase;
  let store: EventStore;
  const workers: WorkQueueWorker<{ n: number }>[] = [];
  const logger = pino({ level: 'silent' });
  beforeAll(async () => {
    db = await createTestDatabase('work_queue');
    await migrate(db.pool, workQueueMigrations);
    await db.pool.query('CREATE TABLE outcomes (item_id text, worker text)');
    store = new EventStore(db.pool);
  });
  afterEach(async () => {
    while (workers.length) await workers.pop()!.stop();
  });
  afterAll(() => db.drop());

  const worker = (
    queue: string,
    handle: (item: WorkItem<{ n: number }>) => Promise<WorkOutcome>,
    leaseMs = 30_000,
    more: { pollIntervalMs?: number; concurrency?: number } = {},
  ) => {
    const w = new WorkQueueWorker<{ n: number }>({ pool: db.pool, queue, logger, handle, pollIntervalMs: 20, leaseMs, ...more }).start();
    workers.push(w);
    return w;
  };
  const record = (itemId: string, name: string): WorkOutcome => ({
    done: (tx) => tx.query('INSERT INTO outcomes VALUES ($1, $2)', [itemId, name]).then(() => undefined),
  });
  const outcomes = async (prefix: string) =>
    (await db.pool.query('SELECT item_id, worker FROM outcomes WHERE item_id LIKE $1 ORDER BY item_id', [`${prefix}%`])).rows;
  const remaining = async (queue: string) => Number((await db.pool.query('SELECT count(*) FROM work_items WHERE queue = $1', [queue])).rows[0].count);

  it('does each item once, even with two workers, and records the outcome with its completion', async () => {
    await store.transaction(async (tx) => {
      for (let n = 0; n < 20; n++) await scheduleWork(tx, 'q1', `a-${String(n).padStart(2, '0')}`, { n });
      await scheduleWork(tx, 'q1', 'a-00', { n: 99 }); // scheduling twice changes nothing
    });
    worker('q1', async (item) => record(item.itemId, 'w1'));
    worker('q1', async (item) => record(item.itemId, 'w2'));
    await waitUntil('every item done', async () => (await remaining('q1')) === 0);
    const done = await outcomes('a-');
    expect(done.map((o) => o.item_id)).toEqual(Array.from({ length: 20 }, (_, n) => `a-${String(n).padStart(2, '0')}`));
  });

  it('does not schedule work of a rolled-back transaction', async () => {
    await expect(
      store.transaction(async (tx) => {
        await scheduleWork(tx, 'q2', 'rolled-back', { n: 1 });
        throw new Error('the command failed');
      }),
    ).rejects.toThrow();
    expect(await remaining('q2')).toBe(0);
  });

  it('withdraws items by id and schedules others in one change, touching no other queue', async () => {
    const later = new Date(Date.now() + 60_000);
    await store.transaction(async (tx) => {
      await scheduleWork(tx, 'q7', 'deadline-1', { n: 1 }, later);
      await scheduleWork(tx, 'q7', 'deadline-2', { n: 2 }, later);
      await scheduleWork(tx, 'q7-other', 'deadline-1', { n: 1 }, later);
    });
    await store.transaction((tx) =>
      changeWork(tx, 'q7', { cancel: ['deadline-1', 'never-scheduled'], schedule: [{ itemId: 'deadline-3', payload: { n: 3 }, dueAt: later }] }),
    );
    const items = async (queue: string) =>
      (await db.pool.query('SELECT item_id, payload, due_at FROM work_items WHERE queue = $1 ORDER BY item_id', [queue])).rows.map((r) => [
        r.item_id,
        r.payload.n,
        r.due_at.getTime(),
      ]);
    expect(await items('q7')).toEqual([
      ['deadline-2', 2, later.getTime()],
      ['deadline-3', 3, later.getTime()],
    ]);
    expect(await items('q7-other')).toEqual([['deadline-1', 1, later.getTime()]]);
    await expect(
      store.transaction((tx) => changeWork(tx, 'q7', { cancel: ['deadline-2'], schedule: [{ itemId: 'deadline-2', payload: { n: 4 } }] })),
    ).rejects.toThrow('both withdrawn and scheduled');
    expect(await items('q7')).toHaveLength(2);
  });

  it('retries an item later when the handler asks to (queue and retry)', async () => {
    await store.transaction((tx) => scheduleWork(tx, 'q3', 'b-1', { n: 1 }));
    const attempts: number[] = [];
    const payloads: unknown[] = [];
    worker('q3', async (item) => {
      attempts.push(item.attempts);
      payloads.push(item.payload);
      return item.attempts < 3 ? { retryInMs: 30, reason: 'provider down', payload: { n: item.attempts } } : record(item.itemId, 'w');
    });
    await waitUntil('the third attempt to succeed', async () => (await outcomes('b-')).length === 1);
    expect(attempts).toEqual([1, 2, 3]);
    expect(payloads).toEqual([{ n: 1 }, { n: 1 }, { n: 2 }]); // a retry carries what the last attempt learnt
    expect(await remaining('q3')).toBe(0);
  });

  it('gives an item whose worker died back once its lease runs out', async () => {
    await store.transaction((tx) => scheduleWork(tx, 'q4', 'c-1', { n: 1 }));
    // A worker takes the item and never finishes (as if killed mid-call).
    let hung = false;
    worker('q4', () => ((hung = true), new Promise<WorkOutcome>(() => undefined)), 150);
    await waitUntil('the item to be taken', () => hung);
    void workers.pop()!.stop(); // it would wait forever for the hung call: let it go, as a dead process would
    worker('q4', async (item) => record(item.itemId, `attempt-${item.attempts}`), 150);
    await waitUntil('the item done by the second worker', async () => (await outcomes('c-')).length === 1);
    expect((await outcomes('c-'))[0].worker).toBe('attempt-2');
  });

  /** A worker on the real pool that counts the claims it makes (they pass through unchanged). */
  const countingWorker = (
    queue: string,
    handle: (item: WorkItem<{ n: number }>) => Promise<WorkOutcome>,
    more: { concurrency?: number; leaseMs?: number } = {},
  ) => {
    const counted = { claims: 0 };
    const pool = new Proxy(db.pool, {
      get: (target, key) =>
        key === 'query'
          ? (...args: Parameters<typeof target.query>) => {
              if (String(args[0]).includes('SET leased_until = now()')) counted.claims++;
              return (target.query as (...a: unknown[]) => unknown)(...args);
            }
          : Reflect.get(target, key, target),
    });
    workers.push(new WorkQueueWorker<{ n: number }>({ pool, queue, logger, handle, pollIntervalMs: 60_000, ...more }).start());
    return counted;
  };
  /** Schedules due items as another process would: written and NOTIFYed, with no worker of this process to hand them to. */
  const scheduleElsewhere = async (queue: string, itemIds: string[]) => {
    await db.pool.query(`INSERT INTO work_items (queue, item_id, payload) SELECT $1, id, '{"n": 0}' FROM unnest($2::text[]) AS id`, [queue, itemIds]);
    await db.pool.query('SELECT pg_notify($1, $2)', [`work_items:${queue}`, '']);
  };
  const attemptsOf = async (prefix: string) =>
    (await db.pool.query('SELECT worker FROM outcomes WHERE item_id LIKE $1 ORDER BY item_id', [`${prefix}%`])).rows.map((r) => r.worker);

  it('claims nothing more once it has taken everything due, until woken', async () => {
    const counted = countingWorker('q8', async (item) => record(item.itemId, 'w'));
    await sleep(300); // its first claim found nothing
    await scheduleElsewhere('q8', ['f-0', 'f-1', 'f-2']);
    await waitUntil('the three items done', async () => (await outcomes('f-')).length === 3, { timeoutMs: 5_000 });
    await sleep(300);
    // The first claim, and the one the notification woke, which took all three. Finishing an item
    // does not send the worker looking again: it took everything that was due.
    expect(counted.claims).toBe(2);
  });

  it('is handed the due work a transaction of its process schedules, leased, without claiming it', async () => {
    const counted = countingWorker('q10', async (item) => record(item.itemId, `attempt-${item.attempts}`));
    await sleep(300);
    await store.transaction(async (tx) => {
      for (let n = 0; n < 3; n++) await scheduleWork(tx, 'q10', `h-${n}`, { n });
    });
    await waitUntil('the three items done', async () => (await outcomes('h-')).length === 3, { timeoutMs: 5_000 });
    await sleep(300);
    expect(counted.claims).toBe(1); // its first, empty one
    expect(await attemptsOf('h-')).toEqual(['attempt-1', 'attempt-1', 'attempt-1']);
  });

  it('is handed no more than its free slots; the rest it claims as slots free up', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    const counted = countingWorker(
      'q11',
      async (item) => {
        started.push(item.itemId);
        await held;
        return record(item.itemId, `attempt-${item.attempts}`);
      },
      { concurrency: 2 },
    );
    await sleep(300);
    await store.transaction(async (tx) => {
      for (let n = 0; n < 5; n++) await scheduleWork(tx, 'q11', `i-${n}`, { n });
    });
    await waitUntil('two calls under way', () => started.length === 2);
    await sleep(200);
    expect(started).toHaveLength(2); // the other three wait, unleased, for a slot
    const leased = await db.pool.query("SELECT count(*) FILTER (WHERE leased_until IS NOT NULL) AS n FROM work_items WHERE queue = 'q11'");
    expect(Number(leased.rows[0].n)).toBe(2);
    release();
    await waitUntil('all five done', async () => (await outcomes('i-')).length === 5, { timeoutMs: 5_000 });
    expect(await attemptsOf('i-')).toEqual(Array(5).fill('attempt-1')); // each called once
    expect(counted.claims).toBeGreaterThan(1); // the three were claimed
  });

  it('gets back the slots a rolled-back transaction held', async () => {
    const counted = countingWorker('q12', async (item) => record(item.itemId, 'w'), { concurrency: 1 });
    await sleep(300);
    await expect(
      store.transaction(async (tx) => {
        await scheduleWork(tx, 'q12', 'j-rolled-back', { n: 0 });
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    await store.transaction((tx) => scheduleWork(tx, 'q12', 'j-1', { n: 1 }));
    await waitUntil('the item done', async () => (await outcomes('j-')).length === 1, { timeoutMs: 5_000 });
    expect(counted.claims).toBe(1); // j-1 was handed over: the one slot was free again
    expect(await remaining('q12')).toBe(0);
  });

  it('gives an item handed to a worker that died back once its lease runs out', async () => {
    let hung = false;
    worker('q13', () => ((hung = true), new Promise<WorkOutcome>(() => undefined)), 150);
    await sleep(300);
    await store.transaction((tx) => scheduleWork(tx, 'q13', 'k-1', { n: 1 }));
    await waitUntil('the item to be taken', () => hung);
    void workers.pop()!.stop(); // as a dead process would
    worker('q13', async (item) => record(item.itemId, `attempt-${item.attempts}`), 150);
    await waitUntil('the item done by the second worker', async () => (await outcomes('k-')).length === 1);
    expect((await outcomes('k-'))[0].worker).toBe('attempt-2');
  });

  it('tries a retry when it falls due, without waiting for its next poll', async () => {
    const attempts: number[] = [];
    worker(
      'q9',
      async (item) => {
        attempts.push(item.attempts);
        return item.attempts < 3 ? { retryInMs: 100, reason: 'provider down' } : record(item.itemId, 'w');
      },
      30_000,
      { pollIntervalMs: 60_000 },
    );
    await sleep(300);
    await store.transaction((tx) => scheduleWork(tx, 'q9', 'g-1', { n: 1 }));
    await waitUntil('the third attempt to succeed', async () => (await outcomes('g-')).length === 1, { timeoutMs: 5_000 });
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('keeps working on other items while one call is slow', async () => {
    let releaseSlow!: () => void;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    worker(
      'q6',
      async (item) => {
        if (item.itemId === 'e-0') await slow;
        return record(item.itemId, 'w');
      },
      30_000,
      { concurrency: 2 },
    );
    await store.transaction(async (tx) => {
      for (let n = 0; n < 6; n++) await scheduleWork(tx, 'q6', `e-${n}`, { n });
    });
    // Five items go through the one free slot while e-0 holds the other.
    await waitUntil('the other items done', async () => (await outcomes('e-')).length === 5);
    expect((await outcomes('e-')).map((o) => o.item_id)).not.toContain('e-0');
    releaseSlow();
    await waitUntil('the slow item done', async () => (await outcomes('e-')).length === 6);
  });
});
