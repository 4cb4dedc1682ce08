// The migration that gives each SKU its totals row fills it from what was projected before it: a
// deployment upgraded in place shows the same figures the day after as the day before.
import { createTestDatabase, type TestDatabase } from '@eventshop/testing';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { readModelDatabase } from '../read-model-database';
import { ProductStockTotals1764000600000 } from './1764000600000-product-stock-totals';

describe('migration: product stock totals (PostgreSQL)', () => {
  let db: TestDatabase;
  type Migrations = NonNullable<DataSourceOptions['migrations']>;
  const dataSource = (migrations: Migrations) =>
    new DataSource({ ...(readModelDatabase(db.config) as DataSourceOptions), migrations, migrationsRun: false, extra: { max: 1 } });

  beforeAll(async () => {
    db = await createTestDatabase('q_totals_migration', 2);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('fills each SKU’s totals from the restocks and holds projected before it', async () => {
    const every = readModelDatabase(db.config).migrations as Extract<Migrations, unknown[]>;
    const before = await dataSource(every.filter((m) => m !== ProductStockTotals1764000600000)).initialize();
    await before.runMigrations();
    await before.query(`INSERT INTO product_restocks (fact_id, sku, quantity) VALUES ('f-1', 'MUG', 5), ('f-2', 'MUG', 3), ('f-3', 'CUP', 7)`);
    await before.query(`
      INSERT INTO product_holds (order_id, sku, quantity, status) VALUES
        ('o-1', 'MUG', 2, 'reserved'), ('o-2', 'MUG', 4, 'committed'), ('o-3', 'MUG', 9, 'released'),
        ('o-1', 'PEN', 1, 'reserved'), ('o-4', 'PEN', 6, 'committed')`);
    await before.destroy();

    const after = await dataSource(every).initialize();
    try {
      expect((await after.runMigrations()).map((m) => m.name)).toEqual(['ProductStockTotals1764000600000']);
      expect(await after.query('SELECT sku, restocked, reserved, committed FROM product_stock_totals ORDER BY sku')).toEqual([
        { sku: 'CUP', restocked: 7, reserved: 0, committed: 0 },
        { sku: 'MUG', restocked: 8, reserved: 2, committed: 4 },
        { sku: 'PEN', restocked: 0, reserved: 1, committed: 6 },
      ]);
      // What the holds and restocks are still indexed by: their keys, nothing the reads no longer ask.
      const indexes = await after.query(`SELECT indexname FROM pg_indexes WHERE tablename IN ('product_holds', 'product_restocks') ORDER BY indexname`);
      expect(indexes.map((i: { indexname: string }) => i.indexname)).toEqual(['product_holds_pkey', 'product_restocks_pkey']);
    } finally {
      await after.destroy();
    }
  });
});
