// Creates the service's database on first start (one database per service), so a fresh machine
// needs no manual step. Where the role may not create databases, create them beforehand instead.
import { Client, type PoolConfig } from 'pg';

export async function ensureDatabase(config: PoolConfig): Promise<void> {
  const name = config.database;
  if (!name) throw new Error('the database configuration names no database');
  const admin = new Client({ ...config, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by a sibling process
      });
    }
  } finally {
    await admin.end();
  }
}
