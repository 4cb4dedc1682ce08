// The catalogue writer decides in its statement what a batch changed, so that two transactions
// projecting the same facts at once count them once in the SKU's totals, whatever the checkpoints
// before it let through. Each case runs the second transaction's write while the first holds the
// rows, then commits the first.
import { createTestDatabase, waitUntil, type TestDatabase } from '@eventshop/testing';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { StockChanges } from '../../application/ports/catalogue';
import { readModelDatabase } from './read-model-database';
import { TypeOrmCatalogueWriter } from './typeorm-catalogue';

describe('the catalogue writer (PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('q_catalogue_writer', 4);
    dataSource = await new DataSource({ ...(readModelDatabase(db.config) as DataSourceOptions), extra: { max: 4 } }).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const totalsOf = async (sku: string) =>
    (await dataSource.query('SELECT restocked, reserved, committed FROM product_stock_totals WHERE sku = $1', [sku]))[0] as Record<string, number>;
  const hold = (orderId: string, sku: string, quantity: number, status: 'reserved' | 'released' | 'committed') => ({ orderId, sku, quantity, status });
  const nothing: StockChanges = { restocks: [], holds: [] };

  /** Writes `first` in a transaction left open, `second` in another (which must wait for the first's rows), then commits both. */
  async function atOnce(first: StockChanges, second: StockChanges): Promise<void> {
    const [one, two] = [dataSource.createQueryRunner(), dataSource.createQueryRunner()];
    try {
      await one.startTransaction();
      await new TypeOrmCatalogueWriter(one.manager).saveStockChanges(first);
      await two.startTransaction();
      const secondWritten = new TypeOrmCatalogueWriter(two.manager).saveStockChanges(second);
      await waitUntil('the second transaction waits for the first', async () => {
        const [waiting] = await dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`, [db.name]);
        return waiting.n === 1;
      });
      await one.commitTransaction();
      await secondWritten;
      await two.commitTransaction();
    } finally {
      await one.release();
      await two.release();
    }
  }

  it('counts a reservation projected twice at once once', async () => {
    await atOnce({ ...nothing, holds: [hold('o-1', 'CUP', 2, 'reserved')] }, { ...nothing, holds: [hold('o-1', 'CUP', 2, 'reserved')] });
    expect(await totalsOf('CUP')).toEqual({ restocked: 0, reserved: 2, committed: 0 });
  });

  it('moves what the other transaction reserved on to committed, once', async () => {
    // The second batch held the reservation and the commit: it writes the hold as committed.
    await atOnce({ ...nothing, holds: [hold('o-2', 'PEN', 3, 'reserved')] }, { ...nothing, holds: [hold('o-2', 'PEN', 3, 'committed')] });
    expect(await totalsOf('PEN')).toEqual({ restocked: 0, reserved: 0, committed: 3 });
    await atOnce({ ...nothing, holds: [hold('o-2', 'PEN', 3, 'committed')] }, { ...nothing, holds: [hold('o-2', 'PEN', 3, 'committed')] });
    expect(await totalsOf('PEN')).toEqual({ restocked: 0, reserved: 0, committed: 3 });
  });

  it('counts a restock projected twice at once once', async () => {
    const restock = { factId: 'f-restock-1', sku: 'MUG', quantity: 5 };
    await atOnce({ ...nothing, restocks: [restock] }, { ...nothing, restocks: [restock] });
    expect(await totalsOf('MUG')).toEqual({ restocked: 5, reserved: 0, committed: 0 });
  });
});
