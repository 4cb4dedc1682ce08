// The change feed's retention on a real database: changes past the period are deleted oldest first, a
// prefix of the feed and never one in between; a subscriber resuming from before what is kept learns
// it (keepsAfter), one resuming within it does not, and what is kept reads as before.
import { createTestDatabase, type TestDatabase } from '@eventshop/testing';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { PostgresOrderChangeFeed } from './order-change-feed';
import { OrderChangesRetention } from './order-changes-retention';
import { readModelDatabase } from './read-model-database';

describe('OrderChangesRetention', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let feed: PostgresOrderChangeFeed;
  const hour = 3_600_000;

  beforeAll(async () => {
    db = await createTestDatabase('order_changes_retention', 4);
    dataSource = await new DataSource(readModelDatabase(db.config) as DataSourceOptions).initialize();
    feed = new PostgresOrderChangeFeed(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  /** One projection transaction's changes, recorded `hoursAgo` hours ago. */
  const record = (orderIds: string[], hoursAgo: number) =>
    db.pool.query(
      `INSERT INTO order_changes (order_id, change, recorded_at)
       SELECT o, jsonb_build_object('orderId', o), now() - $2::int * interval '1 hour' FROM unnest($1::text[]) WITH ORDINALITY AS t(o, n) ORDER BY n`,
      [orderIds, hoursAgo],
    );
  const kept = async () => (await feed.read(undefined, {}, 1_000)).map((item) => item.change.orderId);

  it('deletes the changes past the period, in batches, and keeps the rest readable in order', async () => {
    await record(['o-1', 'o-2'], 30);
    await record(['o-3'], 26);
    await record(['o-4', 'o-5'], 2);
    const ids = (await feed.read(undefined, {}, 1_000)).map((item) => item.id);

    expect(await new OrderChangesRetention(dataSource, 24 * hour, 2).trim()).toBe(3); // in two transactions
    expect(await kept()).toEqual(['o-4', 'o-5']);
    // Resuming after o-2 would miss o-3: refused. After o-3, the newest let go, nothing is missing.
    expect(await feed.keepsAfter(ids[1])).toBe(false);
    expect(await feed.keepsAfter(ids[2])).toBe(true);
    expect((await feed.read(ids[2], {}, 1))[0].change.orderId).toBe('o-4');
    // An id that is not the feed's reads from the oldest change kept, as it always did.
    expect(await feed.keepsAfter('garbage')).toBe(true);
  });

  it('lets go of a prefix of the feed only: a change still in its period keeps every later one', async () => {
    await db.pool.query('TRUNCATE order_changes, order_changes_horizon');
    await record(['a-1'], 30);
    await record(['a-2'], 1);
    await record(['a-3'], 30); // stamped earlier than a-2 though later in the feed, as a long transaction's change is
    expect(await new OrderChangesRetention(dataSource, 24 * hour).trim()).toBe(1);
    expect(await kept()).toEqual(['a-2', 'a-3']);
    expect(await new OrderChangesRetention(dataSource, 24 * hour).trim()).toBe(0);
  });

  it('keeps everything when nothing is past the period, and refuses no subscriber', async () => {
    await db.pool.query('TRUNCATE order_changes, order_changes_horizon');
    await record(['n-1', 'n-2'], 1);
    const [first] = (await feed.read(undefined, {}, 10)).map((item) => item.id);
    expect(await new OrderChangesRetention(dataSource, 24 * hour).trim()).toBe(0);
    expect(await kept()).toEqual(['n-1', 'n-2']);
    expect(await feed.keepsAfter(first)).toBe(true);
  });
});
