// Loading aggregates from the states a process cached: the same state as a load from scratch, after
// any other writer's appends or a rewrite of the stream, and reading only the events since.
import { loadAggregate, loadAggregates, snapshotIfDue } from './aggregate-loader';
import { StateCache } from './state-cache';
import { beginTransaction, type Transaction } from './transaction';
import type { SnapshotPolicy } from './snapshots';
import { tallyDecider, type TallyEvent, type TallyState } from './test-support/tally.decider';
import { eventStoreFixture, type EventStoreFixture } from './test-support/event-store-fixture';

describe('loading aggregates from cached states', () => {
  let f: EventStoreFixture;
  beforeAll(async () => {
    f = await eventStoreFixture('state_cache');
  });
  afterAll(() => f.db.drop());

  const increments = (...by: number[]): TallyEvent[] => by.map((n) => ({ type: 'TallyIncremented', data: { by: n } }));
  const open = (name: string): TallyEvent[] => [{ type: 'TallyOpened', data: { name } }];
  const append = (streamId: string, events: TallyEvent[], expectedVersion: number) => f.store.appendToStream(streamId, events, { expectedVersion });

  /** Runs `work` in a transaction on one connection and says how many rows of `events` it read by index. */
  async function eventsRead<T>(work: (tx: Transaction) => Promise<T>): Promise<{ result: T; rows: number }> {
    const connection = await f.db.pool.connect();
    const fetched = async () =>
      Number((await connection.query<{ n: string }>(`SELECT idx_tup_fetch::text AS n FROM pg_stat_xact_user_tables WHERE relname = 'events'`)).rows[0].n);
    try {
      const tx = await beginTransaction(connection);
      const before = await fetched();
      const result = await work(tx);
      const rows = (await fetched()) - before;
      await tx.commit();
      return { result, rows };
    } finally {
      connection.release();
    }
  }

  it('reads only the events after the cached state, and folds them as a load from scratch would', async () => {
    await append('hot-1', [...open('hot'), ...increments(...Array.from({ length: 30 }, (_, i) => i + 1))], 0);
    const cache = new StateCache<TallyState>();
    await loadAggregates(f.store, ['hot-1'], tallyDecider, { cache });
    await append('hot-1', increments(100, 200), 31); // another writer, which this cache never saw

    const cached = await eventsRead((tx) => loadAggregates(f.store, ['hot-1'], tallyDecider, { cache, tx }));
    const fresh = await eventsRead((tx) => loadAggregates(f.store, ['hot-1'], tallyDecider, { tx }));
    expect(cached.result.get('hot-1')).toEqual(fresh.result.get('hot-1'));
    expect(cached.result.get('hot-1')).toMatchObject({ version: 33, state: { total: 465 + 300, increments: 32 } });
    expect(fresh.rows).toBe(33);
    expect(cached.rows).toBe(3); // the event the cached state ended at, and the two after it
    expect((await loadAggregate(f.store, 'hot-1', tallyDecider)).state).toEqual(cached.result.get('hot-1')?.state);
  });

  it('loads a stream rewritten since it was cached afresh, even at the same length', async () => {
    await append('rewritten-1', [...open('before'), ...increments(1, 2)], 0);
    const cache = new StateCache<TallyState>();
    await loadAggregates(f.store, ['rewritten-1'], tallyDecider, { cache });
    // A database restored or reset under a running process.
    await f.db.pool.query(`DELETE FROM events WHERE stream_id = 'rewritten-1'`);
    await append('rewritten-1', [...open('after'), ...increments(5, 6)], 0);

    const loaded = await loadAggregates(f.store, ['rewritten-1'], tallyDecider, { cache });
    expect(loaded.get('rewritten-1')).toMatchObject({ version: 3, state: { name: 'after', total: 11 } });
    expect(cache.get('rewritten-1')?.state).toMatchObject({ name: 'after', total: 11 }); // cached again, as it is now
  });

  it('loads several streams, cached or not, snapshotted or not, unknown, in one call', async () => {
    const policy: SnapshotPolicy<TallyState> = { schemaVersion: 1, everyEvents: 5 };
    await append('many-snapshotted', [...open('s'), ...increments(1, 2, 3, 4, 5, 6)], 0);
    const snapshotted = await loadAggregate(f.store, 'many-snapshotted', tallyDecider, policy);
    await snapshotIfDue(f.store, 'many-snapshotted', { ...snapshotted, version: 0, eventsSinceSnapshot: 0 }, snapshotted, policy);
    await append('many-cached', [...open('c'), ...increments(7)], 0);
    const cache = new StateCache<TallyState>();
    await loadAggregates(f.store, ['many-cached'], tallyDecider, { cache });
    await append('many-cached', increments(8), 2);

    const loaded = await loadAggregates(f.store, ['many-snapshotted', 'many-cached', 'many-unknown'], tallyDecider, { cache, snapshots: policy });
    expect(loaded.get('many-snapshotted')).toMatchObject({ version: 7, state: { total: 21 }, eventsSinceSnapshot: 0 });
    expect(loaded.get('many-cached')).toMatchObject({ version: 3, state: { total: 15 } });
    expect(loaded.get('many-unknown')).toEqual({ version: 0, state: tallyDecider.initialState(), eventsSinceSnapshot: 0, snapshotTakenAt: undefined });
    expect(cache.get('many-unknown')).toBeUndefined(); // nothing to check a next load against
  });

  it('goes on taking a snapshot every N events, counted from the last one it took', async () => {
    const policy: SnapshotPolicy<TallyState> = { schemaVersion: 1, everyEvents: 10 };
    const cache = new StateCache<TallyState>();
    await append('snapshots-1', open('s'), 0);
    const snapshotVersions = new Set<number>();
    for (let i = 1; i <= 25; i++) {
      await f.store.transaction(async (tx) => {
        const before = (await loadAggregates(f.store, ['snapshots-1'], tallyDecider, { cache, snapshots: policy, tx })).get('snapshots-1');
        if (!before) throw new Error('not loaded');
        await f.store.appendToStreams([{ streamId: 'snapshots-1', events: increments(i), expectedVersion: before.version }], tx);
        const after = { state: increments(i).reduce(tallyDecider.evolve, before.state), version: before.version + 1 };
        await snapshotIfDue(f.store, 'snapshots-1', before, after, policy, { tx, cache });
      });
      const row = await f.db.pool.query<{ stream_version: number }>(`SELECT stream_version FROM snapshots WHERE stream_id = 'snapshots-1'`);
      if (row.rows[0]) snapshotVersions.add(row.rows[0].stream_version);
    }
    expect([...snapshotVersions]).toEqual([10, 20]);
  });
});
