// Tables of the transactional outbox (messages waiting to be published) and the inbox (messages a
// consumer already handled). Both live in the service's own database, next to its events.
import type { Migration } from '@eventshop/event-store';

export const messagingMigrations: Migration[] = [
  {
    id: 'messaging/001-outbox-inbox',
    sql: `
      CREATE TABLE outbox (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        topic       text        NOT NULL,
        message_key text        NOT NULL,
        message_id  text        NOT NULL,
        headers     jsonb       NOT NULL,
        payload     jsonb       NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      -- A queue table: every row is deleted soon after insert. Vacuum it often so the relay's index scan
      -- does not wade through dead rows.
      ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000,
                              autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 10000);

      CREATE TABLE inbox (
        consumer     text        NOT NULL,
        message_id   text        NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      );
    `,
  },
  {
    // The retention job (inbox-retention.ts) deletes by age.
    id: 'messaging/002-inbox-processed-at',
    sql: 'CREATE INDEX inbox_processed_at ON inbox (processed_at)',
  },
];
