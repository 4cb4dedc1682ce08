import { Client } from 'pg';
import { waitUntil } from '@eventshop/testing';
import { AllEventsSubscription } from './all-events-subscription';
import { formatCheckpoint, parseCheckpoint, readAll, START } from './read-all';
import { beginTransaction } from './transaction';
import type { RecordedEvent } from './types';
import { eventStoreFixture, type EventStoreFixture } from './test-support/event-store-fixture';

describe('readAll: the global order never skips a late commit', () => {
  let f: EventStoreFixture;
  let slow: Client;
  beforeAll(async () => {
    f = await eventStoreFixture('read_all');
    slow = new Client(f.db.config);
    await slow.connect();
  });
  afterAll(async () => {
    await slow.end();
    await f.db.drop();
  });

  const event = (n: number) => ({ type: 'Numbered', data: { n } });

  function collect() {
    const seen: RecordedEvent[] = [];
    const subscription = new AllEventsSubscription(f.store, {
      from: START,
      idleDelayMs: 5,
      onEvents: async (events) => void seen.push(...events),
    }).start();
    return { seen, subscription };
  }

  it("delivers a slow transaction's lower position after a fast one committed a higher one — once, in position order", async () => {
    const { seen, subscription } = collect();
    try {
      await f.store.appendToStream('before', [event(0)], { expectedVersion: 0 });
      await waitUntil('the first event', () => seen.length === 1);

      const slowTx = await beginTransaction(slow);
      const slowAppend = await f.store.appendToStream('slow', [event(1)], { expectedVersion: 0, tx: slowTx });
      const fastAppend = await f.store.appendToStream('fast', [event(2)], { expectedVersion: 0 });
      expect(slowAppend.events[0].globalPosition < fastAppend.events[0].globalPosition).toBe(true);

      // The fast event is committed, but delivering it now would move the checkpoint past the slow one.
      await new Promise((r) => setTimeout(r, 200));
      expect(seen.map((e) => e.streamId)).toEqual(['before']);

      await slowTx.commit();
      await waitUntil('all three events', () => seen.length >= 3);
      await new Promise((r) => setTimeout(r, 100));
      expect(seen.map((e) => e.streamId)).toEqual(['before', 'slow', 'fast']);
      const positions = seen.map((e) => e.globalPosition);
      expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    } finally {
      await subscription.stop();
    }
  });

  it('does not skip an event whose transaction started earlier but drew its position later', async () => {
    // The tricky interleaving: `slow` gets its transaction id first (by writing something else),
    // `fast` then draws a lower position and stays open, `slow` draws a higher one and commits first.
    const { seen, subscription } = collect();
    const fast = new Client(f.db.config);
    await fast.connect();
    try {
      await waitUntil('the earlier events', async () => seen.length === (await readAll(f.store, START)).events.length && seen.length > 0);
      const before = seen.length;
      const slowTx = await beginTransaction(slow);
      await slow.query('CREATE TEMP TABLE IF NOT EXISTS scratch (x int); INSERT INTO scratch VALUES (1)');
      const fastTx = await beginTransaction(fast);
      const low = await f.store.appendToStream('x-low', [event(3)], { expectedVersion: 0, tx: fastTx });
      const high = await f.store.appendToStream('x-high', [event(4)], { expectedVersion: 0, tx: slowTx });
      expect(low.events[0].globalPosition < high.events[0].globalPosition).toBe(true);
      expect(high.events[0].txId < low.events[0].txId).toBe(true);
      await slowTx.commit();
      await waitUntil('x-high', () => seen.some((e) => e.streamId === 'x-high'));
      await fastTx.commit();
      await waitUntil('x-low', () => seen.some((e) => e.streamId === 'x-low'));
      await new Promise((r) => setTimeout(r, 100));
      expect(seen.slice(before).map((e) => e.streamId)).toEqual(['x-high', 'x-low']);
      expect(new Set(seen.map((e) => e.globalPosition)).size).toBe(seen.length);
    } finally {
      await subscription.stop();
      await fast.end();
    }
  });

  it('resumes from a stored checkpoint with nothing missed or repeated', async () => {
    // Every committed event visible first: readAll also waits for other suites' open transactions.
    const total = Number((await f.db.pool.query('SELECT count(*) FROM events')).rows[0].count);
    await waitUntil('every event below the oldest open transaction', async () => (await readAll(f.store, START)).events.length === total);
    const all = await readAll(f.store, START);
    const middle = all.events[1];
    const stored = formatCheckpoint({ txId: middle.txId, position: middle.globalPosition });
    const rest = await readAll(f.store, parseCheckpoint(stored));
    expect(rest.events.map((e) => e.globalPosition)).toEqual(all.events.slice(2).map((e) => e.globalPosition));
  });

  it('sees every event of many concurrent writers exactly once while they write', async () => {
    const { seen, subscription } = collect();
    try {
      const initial = (await readAll(f.store, START, { limit: 10_000 })).events.length;
      await Promise.all(
        Array.from({ length: 8 }, (_, w) =>
          (async () => {
            for (let i = 0; i < 25; i++) {
              await f.store.transaction(async (tx) => {
                await f.store.appendToStream(`w${w}-${i}`, [event(i)], { expectedVersion: 0, tx });
                if (i % 5 === 0) await new Promise((r) => setTimeout(r, 15)); // hold some transactions open
              });
            }
          })(),
        ),
      );
      await waitUntil('every event', () => seen.length >= initial + 200);
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toHaveLength(initial + 200);
      expect(new Set(seen.map((e) => e.globalPosition)).size).toBe(seen.length);
    } finally {
      await subscription.stop();
    }
  });
});
