// A service's connections live long and its work_items table starts empty: the statement that
// withdraws items by id must not settle on a plan costed for an empty table (a scan of the whole
// queue by its due-time index) and keep it once the queue has grown (see unprepared() in the event store).
import { beginTransaction, EventStore, migrate } from '@eventshop/event-store';
import { createTestDatabase, type TestDatabase } from '@eventshop/testing';
import { Pool } from 'pg';
import { changeWork, workQueueMigrations } from './index';

describe('plans of the work queue on a table that grew', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: EventStore;
  beforeAll(async () => {
    db = await createTestDatabase('work_queue_plans');
    await migrate(db.pool, workQueueMigrations);
    pool = new Pool({ ...db.config, max: 1 }); // one connection: whatever it prepared, it keeps
    store = new EventStore(pool);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('withdraws items by their ids, not by reading every item of the queue', async () => {
    const later = new Date(Date.now() + 3_600_000);
    // A service's first sagas: the queue holds a handful of items, and the change runs more than the five
    // times after which PostgreSQL would settle a prepared statement on a generic plan.
    for (let i = 0; i < 10; i++) {
      await store.transaction((tx) =>
        changeWork(tx, 'deadlines', { cancel: [`early-${i - 1}`], schedule: [{ itemId: `early-${i}`, payload: {}, dueAt: later }] }),
      );
    }
    await pool.query(
      `INSERT INTO work_items (queue, item_id, payload, due_at) SELECT 'deadlines', 'grown-' || g, '{}', now() + interval '1 hour' FROM generate_series(1, 20000) AS g`,
    );
    const connection = await pool.connect();
    try {
      const rowsFetched = async () =>
        Number((await connection.query<{ n: string }>(`SELECT idx_tup_fetch::text AS n FROM pg_stat_xact_user_tables WHERE relname = 'work_items'`)).rows[0].n);
      const tx = await beginTransaction(connection);
      const before = await rowsFetched();
      await changeWork(tx, 'deadlines', { cancel: ['grown-7', 'early-9'], schedule: [{ itemId: 'next-1', payload: {}, dueAt: later }] });
      expect((await rowsFetched()) - before).toBeLessThan(10);
      await tx.rollback();
    } finally {
      connection.release();
    }
  });
});
