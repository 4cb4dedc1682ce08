// The order views and the projection checkpoints. Schema changes go through migrations (no
// `synchronize`): a migration says what changed and runs once, at start-up.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderViews1764000000000 implements MigrationInterface {
  name = 'OrderViews1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE order_summary (
        order_id       text PRIMARY KEY,
        customer_id    text,
        status         text,
        items          jsonb NOT NULL,
        total_cents    bigint,
        failure_reason text,
        payment        jsonb,
        shipment       jsonb,
        placed_at      timestamptz,
        last_event_at  timestamptz,
        projected_at   timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX order_summary_customer ON order_summary (customer_id, placed_at)');
    await runner.query(`
      CREATE TABLE order_timeline (
        order_id text    NOT NULL,
        source   text    NOT NULL,
        sequence integer NOT NULL,
        kind     text    NOT NULL,
        position bigint  NOT NULL,
        step     text,
        attempt  integer,
        reason   text,
        at       timestamptz NOT NULL,
        PRIMARY KEY (order_id, source, sequence, kind)
      )`);
    await runner.query(`
      CREATE TABLE projection_checkpoints (
        projection  text    NOT NULL,
        topic       text    NOT NULL,
        partition   integer NOT NULL,
        last_offset bigint  NOT NULL,
        updated_at  timestamptz NOT NULL,
        PRIMARY KEY (projection, topic, partition)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE projection_checkpoints');
    await runner.query('DROP TABLE order_timeline');
    await runner.query('DROP TABLE order_summary');
  }
}
