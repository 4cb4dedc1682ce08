// At start-up: a projection whose code is newer than its tables (a raised version) is rebuilt in the
// background and swapped in, while the current tables keep serving; tables built by the current
// version are left alone. A fresh database just records the versions (its projections start from the
// beginning anyway). Replicas starting together rebuild a projection once: the first takes its
// rebuild lock, the others serve the current tables and ask again now and then: they find it rebuilt
// and do nothing, or take the rebuild over if that replica died before its swap.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@eventshop/observability';
import type { DataSource } from 'typeorm';
import type { QueryConfig } from '../../config';
import { projectionsOf } from '../projections';
import { rebuildProjection } from './projection-rebuild';
import { RebuildInProgress } from './rebuild-lock';

export async function rebuildOutdatedProjections(options: {
  config: QueryConfig;
  dataSource: DataSource;
  logger: Logger;
  signal: AbortSignal;
  /** How often a replica that found another rebuilding asks again (default 5 s). */
  retryMs?: number;
}): Promise<void> {
  const { config, dataSource, logger, signal, retryMs = 5_000 } = options;
  for (const spec of projectionsOf(config)) {
    const [stored] = await dataSource.query<{ version: number }[]>('SELECT version FROM projection_versions WHERE projection = $1', [spec.name]);
    if (!stored) {
      await dataSource.query('INSERT INTO projection_versions (projection, version, built_at) VALUES ($1, $2, now()) ON CONFLICT (projection) DO NOTHING', [
        spec.name,
        spec.version,
      ]);
      continue;
    }
    if (stored.version >= spec.version || signal.aborted) continue;
    logger.warn({ projection: spec.name, from: stored.version, to: spec.version }, 'projection is outdated: rebuilding it in the background');
    for (let waiting = false; !signal.aborted;) {
      try {
        // The swap records the version along with the tables it built.
        const done = await rebuildProjection({ config, projection: spec.name, logger, signal, unlessCurrent: true });
        if (done) logger.warn({ projection: spec.name, version: spec.version, facts: done.done }, 'projection rebuilt and swapped in');
        else logger.info({ projection: spec.name, version: spec.version }, 'projection already rebuilt by another replica');
        break;
      } catch (error) {
        if (!(error instanceof RebuildInProgress)) throw error;
        // Asked again later: should that replica die before its swap, this one takes the rebuild over.
        if (!waiting) logger.info({ projection: spec.name }, 'another replica is rebuilding the projection; this one serves the current tables meanwhile');
        waiting = true;
        await sleep(retryMs, undefined, { signal }).catch(() => undefined); // cut short when the service stops
      }
    }
  }
}
