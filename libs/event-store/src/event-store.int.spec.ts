import { Client } from 'pg';
import { UpcasterRegistry } from '@eventshop/contracts';
import { waitUntil } from '@eventshop/testing';
import { MAX_VALUES_ROWS } from './append-sql';
import { WrongExpectedVersion } from './errors';
import { readAll, START } from './read-all';
import { beginTransaction } from './transaction';
import { eventStoreFixture, type EventStoreFixture } from './test-support/event-store-fixture';

describe('EventStore (PostgreSQL)', () => {
  let f: EventStoreFixture;
  beforeAll(async () => {
    f = await eventStoreFixture('event_store');
  });
  afterAll(() => f.db.drop());

  const opened = { type: 'TallyOpened', data: { name: 't' } };
  const incremented = (by: number) => ({ type: 'TallyIncremented', data: { by } });

  it('appends events with consecutive versions and reads them back in order', async () => {
    const result = await f.store.appendToStream('tally-1', [opened, incremented(1), incremented(2)], { expectedVersion: 0 });
    expect(result.nextExpectedVersion).toBe(3);
    const events = await f.store.readStream('tally-1');
    expect(events.map((e) => [e.streamVersion, e.type, e.data])).toEqual([
      [1, 'TallyOpened', { name: 't' }],
      [2, 'TallyIncremented', { by: 1 }],
      [3, 'TallyIncremented', { by: 2 }],
    ]);
    expect(events[0].globalPosition < events[1].globalPosition).toBe(true);
  });

  it('lets exactly one of two writers with the same expected version win; the other gets a conflict', async () => {
    await f.store.appendToStream('race-1', [opened], { expectedVersion: 0 });
    // Two real connections, both inside a transaction, so the second really waits on the first.
    const [a, b] = [new Client(f.db.config), new Client(f.db.config)];
    await Promise.all([a.connect(), b.connect()]);
    try {
      const aTx = await beginTransaction(a);
      const bTx = await beginTransaction(b);
      await f.store.appendToStream('race-1', [incremented(1)], { expectedVersion: 1, tx: aTx });
      const second = f.store.appendToStream('race-1', [incremented(2)], { expectedVersion: 1, tx: bTx });
      await new Promise((r) => setTimeout(r, 100)); // b is now blocked on a's uncommitted row
      await aTx.commit();
      await expect(second).rejects.toBeInstanceOf(WrongExpectedVersion);
      await bTx.rollback();
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    const events = await f.store.readStream('race-1');
    expect(events.map((e) => e.data)).toEqual([{ name: 't' }, { by: 1 }]);
  });

  it('lets one of many concurrent writers win and refuses the rest', async () => {
    await f.store.appendToStream('race-2', [opened], { expectedVersion: 0 });
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => f.store.appendToStream('race-2', [incremented(i)], { expectedVersion: 1 })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    expect(refused).toHaveLength(11);
    refused.forEach((o) => expect(o.reason).toBeInstanceOf(WrongExpectedVersion));
    expect(await f.store.streamVersion('race-2')).toBe(2);
  });

  it('refuses an expected version that is behind or ahead of the stream, naming the actual version', async () => {
    await f.store.appendToStream('tally-2', [opened, incremented(1)], { expectedVersion: 0 });
    await expect(f.store.appendToStream('tally-2', [incremented(1)], { expectedVersion: 0 })).rejects.toMatchObject({ actual: 2 });
    await expect(f.store.appendToStream('tally-2', [incremented(1)], { expectedVersion: 5 })).rejects.toMatchObject({ actual: 2 });
    await expect(f.store.appendToStream('nothing-here', [incremented(1)], { expectedVersion: 'exists' })).rejects.toBeInstanceOf(WrongExpectedVersion);
    await f.store.appendToStream('tally-2', [incremented(3)], { expectedVersion: 'any' });
    expect(await f.store.streamVersion('tally-2')).toBe(3);
  });

  it('appends a large batch in one statement (the array form past MAX_VALUES_ROWS)', async () => {
    const many = Array.from({ length: MAX_VALUES_ROWS + 36 }, (_, i) => incremented(i));
    await f.store.appendToStream('big', [opened], { expectedVersion: 0 });
    const result = await f.store.appendToStream('big', many, { expectedVersion: 1 });
    expect(result.nextExpectedVersion).toBe(MAX_VALUES_ROWS + 37);
    await f.store.appendToStream('big', many, { expectedVersion: 'any' });
    const events = await f.store.readStream('big');
    expect(events).toHaveLength(2 * (MAX_VALUES_ROWS + 36) + 1);
    expect(events[100].data).toEqual({ by: 99 });
    expect(events.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i + 1));
  });

  it('writes nothing of a rolled-back transaction', async () => {
    await expect(
      f.store.transaction(async (tx) => {
        await f.store.appendToStream('rolled-back', [opened], { expectedVersion: 0, tx });
        throw new Error('handler failed after appending');
      }),
    ).rejects.toThrow('handler failed after appending');
    expect(await f.store.readStream('rolled-back')).toEqual([]);
  });

  it('upcasts old event versions on read, and writes new events at the current version', async () => {
    const upcasters = new UpcasterRegistry().register('PriceSet', 1, (d) => ({ cents: Math.round((d as { price: number }).price * 100) }));
    const upcasting = await eventStoreFixture('event_store_upcast', upcasters);
    try {
      // A v1 event as an older release wrote it.
      await upcasting.db.pool.query(
        `INSERT INTO events (stream_id, stream_version, type, schema_version, data) VALUES ('p-1', 1, 'PriceSet', 1, '{"price": 12.5}')`,
      );
      await upcasting.store.appendToStream('p-1', [{ type: 'PriceSet', data: { cents: 1399 } }], { expectedVersion: 1 });
      const events = await upcasting.store.readStream('p-1');
      expect(events.map((e) => [e.schemaVersion, e.data])).toEqual([
        [2, { cents: 1250 }],
        [2, { cents: 1399 }],
      ]);
      // readAll waits for every older transaction of the cluster (other suites' too) to end: poll.
      let all = await readAll(upcasting.store, START);
      await waitUntil('both events below the oldest open transaction', async () => (all = await readAll(upcasting.store, START)).events.length === 2);
      expect(all.events.map((e) => [e.schemaVersion, e.data])).toEqual([
        [2, { cents: 1250 }],
        [2, { cents: 1399 }],
      ]);
      const stored = await upcasting.db.pool.query('SELECT schema_version FROM events ORDER BY stream_version');
      expect(stored.rows.map((r) => r.schema_version)).toEqual([1, 2]);
    } finally {
      await upcasting.db.drop();
    }
  });
});
