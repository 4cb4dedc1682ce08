// The feed of projected order changes that live subscribers follow (SSE). Like the event store's
// global order, it is read in (writing transaction, position) order and only below the oldest
// transaction still in flight, so a change committed late is never skipped by a reader that moved on.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderChanges1764000200000 implements MigrationInterface {
  name = 'OrderChanges1764000200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE order_changes (
        position bigint GENERATED ALWAYS AS IDENTITY,
        tx_id    xid8   NOT NULL DEFAULT pg_current_xact_id(),
        order_id text   NOT NULL,
        change   jsonb  NOT NULL,
        PRIMARY KEY (position)
      )`);
    await runner.query('CREATE INDEX order_changes_feed ON order_changes (tx_id, position)');
    await runner.query('CREATE INDEX order_changes_order ON order_changes (order_id, tx_id, position)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE order_changes');
  }
}
