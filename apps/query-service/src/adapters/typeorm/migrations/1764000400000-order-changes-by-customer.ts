// Order changes say whose order they are, so one customer's orders can be followed live (the gateway's
// "all of my orders" subscription) without reading everyone's changes.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderChangesByCustomer1764000400000 implements MigrationInterface {
  name = 'OrderChangesByCustomer1764000400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE order_changes ADD COLUMN customer_id text');
    await runner.query('CREATE INDEX order_changes_customer ON order_changes (customer_id, tx_id, position)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX order_changes_customer');
    await runner.query('ALTER TABLE order_changes DROP COLUMN customer_id');
  }
}
