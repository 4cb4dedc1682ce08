// The change feed keeps what live subscribers may still resume from, not everything ever projected:
// each change says when it was recorded, and the feed remembers the newest change it has let go (its
// horizon), so that a subscriber resuming from before it learns that changes are missing.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderChangesRetention1764000500000 implements MigrationInterface {
  name = 'OrderChangesRetention1764000500000';

  async up(runner: QueryRunner): Promise<void> {
    // now() is fixed for the statement: existing changes get this moment, and no row is rewritten.
    await runner.query('ALTER TABLE order_changes ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT now()');
    await runner.query(`
      CREATE TABLE order_changes_horizon (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        tx_id    xid8    NOT NULL,
        position bigint  NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE order_changes_horizon');
    await runner.query('ALTER TABLE order_changes DROP COLUMN recorded_at');
  }
}
