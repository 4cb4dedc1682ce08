// The live change feed on a real database: read in (writing transaction, position) order as numbers,
// page after page, with no change twice and none skipped — also where positions gain a digit.
import { createTestDatabase, type TestDatabase } from '@eventshop/testing';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { PostgresOrderChangeFeed } from './order-change-feed';
import { readModelDatabase } from './read-model-database';

describe('PostgresOrderChangeFeed', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let feed: PostgresOrderChangeFeed;

  beforeAll(async () => {
    db = await createTestDatabase('order_change_feed', 4);
    dataSource = await new DataSource(readModelDatabase(db.config) as DataSourceOptions).initialize();
    feed = new PostgresOrderChangeFeed(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  /** One projection transaction's changes, in this order. */
  const record = (orderIds: string[]) =>
    db.pool.query(
      `INSERT INTO order_changes (order_id, customer_id, change)
       SELECT o, 'c-1', jsonb_build_object('orderId', o) FROM unnest($1::text[]) WITH ORDINALITY AS t(o, n) ORDER BY n`,
      [orderIds],
    );

  it('reads positions 1 to 25 in order, a page of 4 at a time, each once', async () => {
    const written = Array.from({ length: 25 }, (_, i) => `o-${i + 1}`);
    await record(written.slice(0, 12)); // positions 1-12 in one transaction: 9, then 10
    await record(written.slice(12)); // 13-25 in the next
    const read: string[] = [];
    for (let after: string | undefined, page = await feed.read(undefined, {}, 4); page.length > 0; page = await feed.read(after, {}, 4)) {
      read.push(...page.map((item) => item.change.orderId));
      after = page.at(-1)?.id;
    }
    expect(read).toEqual(written);
    expect((await feed.read(undefined, { customerId: 'c-1' }, 100)).map((item) => item.change.orderId)).toEqual(written);
  });

  it('names the newest change as its head', async () => {
    const head = await feed.head();
    expect((await feed.read(undefined, {}, 100)).at(-1)?.id).toBe(head);
    expect(await feed.read(head, {}, 100)).toEqual([]);
  });
});
