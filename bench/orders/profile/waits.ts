// Where PostgreSQL's backends spend the load's time, by sampling pg_stat_activity: how many of each
// service's connections are, on average, running a statement, waiting inside PostgreSQL (a lock, the
// WAL, I/O) or holding a transaction open while they wait for their service's next statement (idle in
// transaction: the round trip and the service's own turn on a core). perf says what a backend's CPU
// does; this says what its wall time goes to.
import type { Pool } from 'pg';

export interface WaitShare {
  service: string;
  /** "running", a wait event ("Lock:advisory", "LWLock:WALWrite"), or "idle in transaction". */
  state: string;
  /** Connections in that state at an instant, averaged over the samples. */
  backends: number;
}

export interface WaitSampler {
  /** Stops sampling; each service's states by how many of its connections were in them on average. */
  stop(): Promise<WaitShare[]>;
}

export function sampleWaits(admin: Pool, databasePrefix: string, everyMs: number): WaitSampler {
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  let failed: { error: unknown } | undefined;
  // A failed sample ends the sampling; stop() reports it (until then no one awaits the loop, and an
  // unhandled rejection would end the whole bench in the middle of its load).
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await admin.query<{ datname: string; state: string }>(
        `SELECT datname, CASE WHEN state = 'active' THEN coalesce(wait_event_type || ':' || wait_event, 'running') ELSE state END AS state
           FROM pg_stat_activity
          WHERE starts_with(datname, $1) AND state IN ('active', 'idle in transaction') AND pid <> pg_backend_pid()`,
        [databasePrefix],
      );
      samples++;
      for (const row of rows) {
        const key = `${row.datname.slice(databasePrefix.length)}\u0000${row.state}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })().catch((error: unknown) => {
    failed = { error };
  });
  return {
    async stop() {
      stopped = true;
      await loop;
      if (failed) throw failed.error;
      return [...counts]
        .map(([key, count]) => {
          const [service, state] = key.split('\u0000');
          return { service, state, backends: count / Math.max(samples, 1) };
        })
        .sort((a, b) => b.backends - a.backends);
    },
  };
}
