// A service's connections live long, and its tables start empty: a statement planned once for a nearly
// empty table must not go on scanning the table once it has grown (see unprepared.ts).
import { Pool } from 'pg';
import { EventStore } from './event-store';
import { beginTransaction } from './transaction';
import { eventStoreFixture, type EventStoreFixture } from './test-support/event-store-fixture';

describe('plans of key lookups on a table that grew', () => {
  let f: EventStoreFixture;
  let pool: Pool;
  let store: EventStore;
  beforeAll(async () => {
    f = await eventStoreFixture('event_store_plans');
    pool = new Pool({ ...f.db.config, max: 1 }); // one connection: whatever it prepared, it keeps
    store = new EventStore(pool);
  });
  afterAll(async () => {
    await pool.end();
    await f.db.drop();
  });

  /** Sequential scans of `events` by this transaction so far (pg_stat_xact_*: this transaction's own counts). */
  const seqScansOfEvents = async (tx: { query: Pool['query'] }) =>
    Number((await tx.query<{ n: string }>(`SELECT seq_scan::text AS n FROM pg_stat_xact_user_tables WHERE relname = 'events'`)).rows[0].n);

  it('reads several streams by their index, not by scanning every event', async () => {
    // A service's first messages: the table holds a handful of events, and the read runs more than the
    // five times after which PostgreSQL would settle a prepared statement on a generic plan.
    await store.appendToStream('early-1', [{ type: 'Opened', data: {} }], { expectedVersion: 0 });
    for (let i = 0; i < 10; i++) {
      await store.readStreams(['early-1', `missing-${i}`]);
      await store.readStreamsFrom([
        { streamId: 'early-1', fromVersion: 1 },
        { streamId: `missing-${i}`, fromVersion: 1 },
      ]);
    }
    // Then the table grows, with nothing to analyze it (autovacuum may be off, or not have run yet).
    await pool.query(`INSERT INTO events (stream_id, stream_version, type, data) SELECT 'grown-' || g, 1, 'Opened', '{}' FROM generate_series(1, 20000) AS g`);
    const connection = await pool.connect();
    try {
      const tx = await beginTransaction(connection);
      const before = await seqScansOfEvents(connection);
      const streams = await store.readStreams(['grown-7', 'early-1'], tx);
      expect([...streams].map(([id, events]) => [id, events.length])).toEqual([
        ['grown-7', 1],
        ['early-1', 1],
      ]);
      expect((await seqScansOfEvents(connection)) - before).toBe(0);
      await tx.rollback();
    } finally {
      connection.release();
    }
  });

  it('reads several streams from given versions by their index', async () => {
    // Run early on the nearly empty table in the test above; by now the table holds 20,000 more events.
    const connection = await pool.connect();
    try {
      const tx = await beginTransaction(connection);
      const before = await seqScansOfEvents(connection);
      for (let i = 0; i < 10; i++)
        await store.readStreamsFrom(
          [
            { streamId: 'early-1', fromVersion: 1 },
            { streamId: `grown-${i}`, fromVersion: 1 },
          ],
          tx,
        );
      expect((await seqScansOfEvents(connection)) - before).toBe(0);
      await tx.rollback();
    } finally {
      connection.release();
    }
  });
});
