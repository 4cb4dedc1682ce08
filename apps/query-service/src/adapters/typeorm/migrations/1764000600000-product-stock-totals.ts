// Each SKU's totals in a row of their own, so that reading a product reads one row instead of every
// hold ever taken on it. Filled from the restocks and holds projected so far, in the migration's
// transaction, before the service projects anything more. Holds and restocks are no longer read by
// SKU, so their SKU indexes go: each hold that moves updated two indexes, now one (its key).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProductStockTotals1764000600000 implements MigrationInterface {
  name = 'ProductStockTotals1764000600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE product_stock_totals (
        sku text PRIMARY KEY, restocked integer NOT NULL, reserved integer NOT NULL, committed integer NOT NULL
      )`);
    await runner.query(`
      INSERT INTO product_stock_totals (sku, restocked, reserved, committed)
      SELECT sku, sum(restocked), sum(reserved), sum(committed) FROM (
        SELECT sku, quantity AS restocked, 0 AS reserved, 0 AS committed FROM product_restocks
        UNION ALL
        SELECT sku, 0, CASE status WHEN 'reserved' THEN quantity ELSE 0 END, CASE status WHEN 'committed' THEN quantity ELSE 0 END
        FROM product_holds
      ) AS figures
      GROUP BY sku`);
    await runner.query('DROP INDEX product_holds_sku');
    await runner.query('DROP INDEX product_restocks_sku');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX product_restocks_sku ON product_restocks (sku)');
    await runner.query('CREATE INDEX product_holds_sku ON product_holds (sku, status)');
    await runner.query('DROP TABLE product_stock_totals');
  }
}
