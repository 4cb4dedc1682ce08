// A fresh PostgreSQL database per test suite, dropped afterwards, so suites never see each other's rows.
import { randomBytes } from 'node:crypto';
import { Client, Pool, type PoolConfig } from 'pg';
import { postgresConfig, testEndpoints } from './endpoints';

export interface TestDatabase {
  name: string;
  config: PoolConfig;
  pool: Pool;
  /** Closes the pool and drops the database (terminating any connection a test left open). */
  drop(): Promise<void>;
}

export async function createTestDatabase(label = 'suite', poolSize = 20): Promise<TestDatabase> {
  const name = `t_${label
    .replace(/[^a-z0-9_]/gi, '_')
    .toLowerCase()
    .slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((admin) => admin.query(`CREATE DATABASE ${name}`));
  const config = { ...postgresConfig(name), max: poolSize };
  const pool = new Pool(config);
  return {
    name,
    config,
    pool,
    drop: async () => {
      await pool.end().catch(() => undefined);
      await withAdminClient(async (admin) => {
        // pool.end() only sends the goodbyes; dropping before the backends are gone would terminate them
        // and surface as errors in whatever test runs next. FORCE then ends anything a test leaked.
        for (let i = 0; i < 100; i++) {
          const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (rows[0].n === 0) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...testEndpoints().postgres, database: 'postgres' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
