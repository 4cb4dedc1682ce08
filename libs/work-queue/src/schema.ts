// The work_items table: one row per pending item, keyed by (queue, item id) so scheduling is idempotent.
import type { Migration } from '@eventshop/event-store';

export const workQueueMigrations: Migration[] = [
  {
    // The id predates this library (it began in service-runtime); databases already migrated keep it.
    id: 'service-runtime/001-work-items',
    sql: `
      CREATE TABLE work_items (
        queue        text        NOT NULL,
        item_id      text        NOT NULL,
        payload      jsonb       NOT NULL,
        due_at       timestamptz NOT NULL DEFAULT now(),
        leased_until timestamptz,
        attempts     integer     NOT NULL DEFAULT 0,
        last_error   text,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (queue, item_id)
      );
      CREATE INDEX work_items_due ON work_items (queue, due_at);
    `,
  },
  {
    // The trace the work was scheduled in, so that the worker's call to the outside continues it.
    id: 'work-queue/002-work-items-traceparent',
    sql: 'ALTER TABLE work_items ADD COLUMN traceparent text',
  },
];
