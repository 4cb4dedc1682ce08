// Applies each migration once, in order, under an advisory lock so that services starting together
// never race. Migrations are plain SQL owned by the library whose tables they create.
import type { Pool } from 'pg';
import { withPooledConnection } from './pooled-connection';

export interface Migration {
  /** Unique and stable: '<library>/<nnn>-<what>'. */
  id: string;
  sql: string;
}

const MIGRATION_LOCK = 0x45_56_53_48; // 'EVSH'

export function migrate(pool: Pool, migrations: Migration[]): Promise<string[]> {
  return withPooledConnection(pool, async (client) => {
    const applied: string[] = [];
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      for (const migration of migrations) {
        const done = await client.query('SELECT 1 FROM schema_migrations WHERE id = $1', [migration.id]);
        if (done.rowCount) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
          await client.query('COMMIT');
          applied.push(migration.id);
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${migration.id} failed: ${(error as Error).message}`);
        }
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  });
}
