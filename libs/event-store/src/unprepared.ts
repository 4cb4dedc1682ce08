// Statements that look rows up by an array of keys (`id = ANY($1)`) go unprepared: PostgreSQL plans
// each run with its values. A prepared (named) statement switches to a generic plan after five runs
// and keeps it for the connection's life, until an ANALYZE of its table invalidates it. Costed while
// the table was nearly empty (a service's first messages), that generic plan is a sequential scan:
// cheap then, but a read of the whole table on every run once it has grown — and with autovacuum off,
// nothing replaces it. The order service's saga loads scanned 15,000 events each (2–4 ms) a minute
// into a benchmark. Planning with the values costs tens of µs and takes the index.
import type { QueryConfig } from 'pg';

/** A statement sent without a name, so that it is planned with its values each time. */
export function unprepared(text: string, values: unknown[]): QueryConfig {
  return { text, values };
}
