// The event store's tables. global_position orders events; tx_id (the writing transaction) lets readers
// of the global order prove they skip nothing that commits late (see read-all.ts).
import type { Migration } from './migrator';

export const eventStoreMigrations: Migration[] = [
  {
    id: 'event-store/001-events',
    sql: `
      -- Two indexes only, about as cheap to write as a plain table with a uniqueness check: the primary
      -- key serves stream reads and optimistic concurrency, the other serves the global order.
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY,
        stream_id       text        NOT NULL,
        stream_version  integer     NOT NULL CHECK (stream_version > 0),
        type            text        NOT NULL,
        schema_version  integer     NOT NULL DEFAULT 1,
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL DEFAULT '{}',
        tx_id           xid8        NOT NULL DEFAULT pg_current_xact_id(),
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_version PRIMARY KEY (stream_id, stream_version)
      );
      -- The global order is (tx_id, global_position); an index on tx_id alone serves it (positions within
      -- one transaction are few and sorted on the fly) and is cheaper to write: appends of many events
      -- share one transaction id, which btree deduplication stores once.
      CREATE INDEX events_commit_order ON events (tx_id);

      CREATE TABLE snapshots (
        stream_id      text        PRIMARY KEY,
        stream_version integer     NOT NULL,
        schema_version integer     NOT NULL,
        state          jsonb       NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
