// Where and when a benchmark ran, for the record in docs/benchmarks.md.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Pool } from 'pg';
import { nativeKafkaBrokerPid, procStat, ticksPerSecond } from './cpu-usage';

/** Seconds since the tools/kafka broker here started (undefined when it is not the broker here). */
function brokerAgeSeconds(): number | undefined {
  const pid = nativeKafkaBrokerPid();
  if (!pid) return undefined;
  try {
    const startedTicks = procStat(`/proc/${pid}/stat`).fields[19]; // field 22: starttime
    const uptimeSeconds = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    return uptimeSeconds - startedTicks / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/**
 * How old the tools/kafka broker must be before its JIT has settled: its JVM compiles its hot paths
 * for its first minutes (started just before a bench:orders run, it used 33 ms of CPU per order at 5/s
 * against 16–21 warm).
 */
export const brokerWarmAfterSeconds = 180;

/** How much longer the tools/kafka broker here needs to be warm: 0 when it is, or when the broker is not here. */
export function secondsUntilBrokerWarm(): number {
  const age = brokerAgeSeconds();
  return age === undefined ? 0 : Math.max(0, Math.ceil(brokerWarmAfterSeconds - age));
}

/**
 * How long the tools/kafka broker has been running, when it is the broker here: for its first minutes
 * its JIT compiler keeps a core busy, which inflates the broker's share of a run's CPU.
 */
function brokerUptime(): string {
  const age = brokerAgeSeconds();
  return age === undefined ? '' : `, up ${Math.round(age / 60)} min`;
}

export async function describeRun(pool: Pool): Promise<string> {
  const commit = execSync('git rev-parse --short HEAD').toString().trim();
  const dirty = execSync('git status --porcelain --untracked-files=no -- . :!docs').toString().trim() ? ' (with uncommitted changes)' : '';
  const postgres = (await pool.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  const sync = (await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0].synchronous_commit;
  // Off on the CI machines: queue tables (outboxes, work items) keep their dead rows for the whole run.
  const autovacuum = (await pool.query<{ autovacuum: string }>('SHOW autovacuum')).rows[0].autovacuum;
  return [
    `- date: ${new Date().toISOString()}`,
    `- commit: ${commit}${dirty}`,
    `- machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`,
    `- software: Node ${process.version}, PostgreSQL ${postgres} (synchronous_commit=${sync}, autovacuum=${autovacuum}), Kafka 3.9.1 (tools/kafka, one broker${brokerUptime()})`,
  ].join('\n');
}
