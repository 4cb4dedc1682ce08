// One rebuild of a projection at a time, over every replica of the query service and the CLI: two at
// once would build the same shadow tables (rebuild_<table>) and drop each other's. A rebuild holds a
// session advisory lock on a connection of its own while it runs; a crash frees it with the connection.
import type { DataSource } from 'typeorm';

/** Another replica of the query service, or `npm run query:rebuild`, is rebuilding the projection right now. */
export class RebuildInProgress extends Error {
  constructor(readonly projection: string) {
    super(`a rebuild of ${projection} is already running (another replica of the query service, or query:rebuild)`);
  }
}

/** Runs `work` while holding the projection's rebuild lock; RebuildInProgress when another holds it. */
export async function holdingRebuildLock<T>(dataSource: DataSource, projection: string, work: () => Promise<T>): Promise<T> {
  const key = `eventshop.rebuild.${projection}`;
  const session = dataSource.createQueryRunner();
  await session.connect();
  try {
    const [{ locked }] = (await session.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key])) as { locked: boolean }[];
    if (!locked) throw new RebuildInProgress(projection);
    try {
      return await work();
    } finally {
      // Should the unlock fail, the lock goes with the connection: the caller's data source is the rebuild's own, destroyed after it.
      await session.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
    }
  } finally {
    await session.release();
  }
}
