// What PostgreSQL executed for the profiled orders, statement by statement (pg_stat_statements): how
// many round trips each service makes per order and how long their execution took. Set beside
// PostgreSQL's CPU per order it says how much of that CPU is the statements' own work and how much is
// what every round trip costs whatever it asks (the protocol, parse and bind, a backend woken up).
// pg_stat_statements must be preloaded, which takes a server restart — so the bench only reports it
// when the server already has it, and says how otherwise.
import type { Pool } from 'pg';

export interface StatementFigures {
  service: string;
  /** The statement's text, normalised by PostgreSQL ($n for constants), on one line. */
  query: string;
  calls: number;
  /** Wall time inside the executor, ms: a wait for a lock or for the WAL flush of a COMMIT counts too. */
  execMs: number;
}

export const enableStatements =
  "pg_stat_statements is not preloaded: ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements', restart PostgreSQL, and run again for a table of statements";

/** Whether the server tracks statements; creates the extension's view in the admin database when it does (dropped by `stopTracking`). */
export async function startTracking(admin: Pool): Promise<{ stopTracking: () => Promise<void> } | undefined> {
  const preloaded = (await admin.query<{ libraries: string }>("SELECT current_setting('shared_preload_libraries') AS libraries")).rows[0].libraries;
  if (!preloaded.split(',').some((library) => library.trim() === 'pg_stat_statements')) return undefined;
  const existed = (await admin.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'")).rowCount === 1;
  if (!existed) await admin.query('CREATE EXTENSION pg_stat_statements');
  await admin.query('SELECT pg_stat_statements_reset()');
  return { stopTracking: async () => void (existed ? undefined : await admin.query('DROP EXTENSION pg_stat_statements')) };
}

/** Every statement run since `startTracking` in the databases named `<prefix><service>`. */
export async function trackedStatements(admin: Pool, databasePrefix: string): Promise<StatementFigures[]> {
  const { rows } = await admin.query<{ datname: string; query: string; calls: string; exec_ms: number }>(
    `SELECT d.datname, s.query, s.calls, s.total_exec_time AS exec_ms
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE starts_with(d.datname, $1)`,
    [databasePrefix],
  );
  return rows.map((row) => ({
    service: row.datname.slice(databasePrefix.length),
    query: row.query.replace(/\s+/g, ' ').trim(),
    calls: Number(row.calls),
    execMs: row.exec_ms,
  }));
}

/** A statement's text short enough for a table cell, with no character that would break its row. */
export const shortQuery = (query: string, length = 90) => (query.length > length ? `${query.slice(0, length - 1)}…` : query).replace(/\|/g, '\\|');
