// The catalogue's tables (product records, restocks by fact id, holds per order and SKU).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Catalogue1764000100000 implements MigrationInterface {
  name = 'Catalogue1764000100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE product_catalogue (
        sku text PRIMARY KEY, name text NOT NULL, price_cents integer NOT NULL, created_quantity integer NOT NULL
      )`);
    await runner.query(`CREATE TABLE product_restocks (fact_id text PRIMARY KEY, sku text NOT NULL, quantity integer NOT NULL)`);
    await runner.query('CREATE INDEX product_restocks_sku ON product_restocks (sku)');
    await runner.query(`
      CREATE TABLE product_holds (
        order_id text NOT NULL, sku text NOT NULL, quantity integer NOT NULL, status text NOT NULL,
        PRIMARY KEY (order_id, sku)
      )`);
    await runner.query('CREATE INDEX product_holds_sku ON product_holds (sku, status)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE product_holds');
    await runner.query('DROP TABLE product_restocks');
    await runner.query('DROP TABLE product_catalogue');
  }
}
