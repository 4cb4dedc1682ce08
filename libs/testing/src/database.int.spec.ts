import { Client } from 'pg';
import { createTestDatabase } from './database';
import { testEndpoints } from './endpoints';

describe('createTestDatabase', () => {
  it('gives each suite its own empty database and drops it afterwards', async () => {
    const [a, b] = await Promise.all([createTestDatabase('one'), createTestDatabase('one')]);
    expect(a.name).not.toBe(b.name);
    await a.pool.query('CREATE TABLE only_in_a (x int)');
    const inB = await b.pool.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'only_in_a'`);
    expect(inB.rows[0].n).toBe(0);
    await Promise.all([a.drop(), b.drop()]);

    const admin = new Client({ ...testEndpoints().postgres, database: 'postgres' });
    await admin.connect();
    const left = await admin.query('SELECT datname FROM pg_database WHERE datname = ANY($1)', [[a.name, b.name]]);
    await admin.end();
    expect(left.rows).toEqual([]);
  });
});
