// The most commits per second this PostgreSQL takes: pgbench running a single-row INSERT per
// transaction from 16 clients. Divided by the commits one order costs, it is the ceiling of any design
// that keeps its state there with the same durability.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@eventshop/testing';
import type { PoolConfig } from 'pg';

export async function commitCeiling(postgres: PoolConfig, seconds: number, clients = 16): Promise<number> {
  const db = await createTestDatabase('bench_ceiling', 2);
  const dir = mkdtempSync(path.join(tmpdir(), 'pgbench-'));
  try {
    await db.pool.query('CREATE TABLE ceiling (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text NOT NULL)');
    const script = path.join(dir, 'insert.sql');
    writeFileSync(script, "INSERT INTO ceiling (note) VALUES ('one committed row');\n");
    const output = execFileSync(
      'pgbench',
      [
        '-n',
        '-h',
        String(postgres.host),
        '-p',
        String(postgres.port),
        '-U',
        String(postgres.user),
        '-c',
        String(clients),
        '-j',
        '2',
        '-T',
        String(seconds),
        '-f',
        script,
        db.name,
      ],
      { env: { ...process.env, PGPASSWORD: String(postgres.password ?? '') }, encoding: 'utf8' },
    );
    const tps = /tps = ([\d.]+)/.exec(output);
    if (!tps) throw new Error(`pgbench printed no tps:\n${output}`);
    return Number(tps[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}
