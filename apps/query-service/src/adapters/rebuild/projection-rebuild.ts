// Rebuilds a projection without downtime (blue/green): its tables are built anew from the beginning
// of its topics into shadow tables (rebuild_<table>) by a consumer group of its own, while the live
// tables keep serving and the live consumer keeps projecting; once the rebuild has caught up, one
// transaction swaps the shadow tables in and hands their checkpoints to the live consumer.
//
// The swap is safe against the live consumer running on: it locks both sets of checkpoints first (a
// live transaction in flight waits), swaps only when the rebuild has projected at least as far as the
// live tables on every partition, and the live consumer, resuming, finds the checkpoint ahead of what
// it holds and skips what the rebuild already projected.
import { createKafka, groupLag } from '@eventshop/messaging';
import type { Logger } from '@eventshop/observability';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { QueryConfig } from '../../config';
import { projectionsOf, type ProjectionSpec } from '../projections';
import { projectionConsumer, rebuildGroupIdPrefix } from '../kafka/projection-consumer';
import { readModelDatabase } from '../typeorm/read-model-database';
import { holdingRebuildLock } from './rebuild-lock';

const SHADOW = 'rebuild_';

export interface RebuildProgress {
  projection: string;
  /** Facts projected (or recognised as copies) so far. */
  done: number;
  perSecond: number;
  /** Messages still to read on the projection's topics. */
  lag: number;
  etaSeconds?: number;
  phase: 'replaying' | 'swapping' | 'swapped';
}

export interface RebuildOptions {
  config: QueryConfig;
  projection: string;
  logger: Logger;
  onProgress?(progress: RebuildProgress): void;
  progressEveryMs?: number;
  /** Gives up when not caught up by then (default: 30 minutes). */
  timeoutMs?: number;
  /** Stops the rebuild (the service is shutting down): the live tables stay as they are. */
  signal?: AbortSignal;
}

/**
 * Rebuilds the projection and swaps it in, holding its rebuild lock (RebuildInProgress when another
 * replica or the CLI holds it). With `unlessCurrent`, what was outdated when the caller looked may have
 * been rebuilt meanwhile by another: then nothing is done, and the answer is undefined.
 */
export async function rebuildProjection(options: RebuildOptions & { unlessCurrent?: boolean }): Promise<RebuildProgress | undefined> {
  const spec = projectionsOf(options.config, 'rebuild').find((p) => p.name === options.projection);
  if (!spec)
    throw new Error(
      `no projection ${options.projection} (there are: ${projectionsOf(options.config)
        .map((p) => p.name)
        .join(', ')})`,
    );
  // Beside the service's own pool: the live tables' side holds the lock and runs one statement at a
  // time (the shadow tables, the swap); the replay runs a transaction per partition at once.
  const base = { ...(readModelDatabase(options.config.database) as DataSourceOptions), migrationsRun: false } as DataSourceOptions;
  const live = await new DataSource({ ...base, extra: { max: 2 } } as DataSourceOptions).initialize();
  try {
    return await holdingRebuildLock(live, spec.name, async () => {
      if (options.unlessCurrent && (await builtVersion(live, spec.name)) >= spec.version) return undefined;
      const shadow = await new DataSource({ ...base, entityPrefix: SHADOW, extra: { max: options.config.partitions + 1 } } as DataSourceOptions).initialize();
      try {
        return await replayAndSwap(live, shadow, spec, options);
      } finally {
        await shadow.destroy();
      }
    });
  } finally {
    await live.destroy();
  }
}

/** The version of the projection that built its live tables (0 when none is recorded). */
async function builtVersion(live: DataSource, projection: string): Promise<number> {
  const [stored] = await live.query<{ version: number }[]>('SELECT version FROM projection_versions WHERE projection = $1', [projection]);
  return stored?.version ?? 0;
}

async function replayAndSwap(live: DataSource, shadow: DataSource, spec: ProjectionSpec, options: RebuildOptions): Promise<RebuildProgress> {
  const { config, logger } = options;
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: `query-rebuild-${spec.name}`, logger });
  const groupId = `${rebuildGroupIdPrefix(config, spec.name)}-${Date.now().toString(36)}`;
  const replay = projectionConsumer([spec], {
    groupId,
    dataSource: shadow,
    kafka,
    logger,
    partitions: config.partitions,
    // A replay reads a backlog: the bigger the batch, the fewer writes per fact (an order's summary
    // once per batch however many of its facts it holds).
    maxBatchSize: 2_000,
  });
  try {
    await createShadowTables(live, spec);
    await replay.start();
    const started = Date.now();
    const deadline = started + (options.timeoutMs ?? 30 * 60_000);
    const progressOf = async (phase: RebuildProgress['phase']): Promise<RebuildProgress> => {
      // The lag first: the count read after it includes at least what the lag no longer does.
      const lag = await groupLag(kafka, groupId, spec.topics);
      const done = replay.stats.handled + replay.stats.duplicates + replay.stats.deadLettered;
      const perSecond = done / Math.max(0.001, (Date.now() - started) / 1000);
      return { projection: spec.name, done, perSecond, lag, etaSeconds: perSecond > 0 ? lag / perSecond : undefined, phase };
    };
    for (;;) {
      const progress = await progressOf('replaying');
      options.onProgress?.(progress);
      if (progress.lag === 0) {
        // The replay stops before the swap, so that nothing writes to the shadow tables once they are
        // live; if the live consumer got ahead meanwhile, the replay resumes from its group's offsets.
        await replay.stop();
        options.onProgress?.({ ...progress, phase: 'swapping' });
        if (await swapIn(live, spec)) {
          const swapped = { ...progress, phase: 'swapped' as const };
          options.onProgress?.(swapped);
          return swapped;
        }
        await replay.start();
      }
      if (Date.now() > deadline) throw new Error(`the rebuild of ${spec.name} did not catch up in time (lag ${progress.lag})`);
      if (options.signal?.aborted) throw new Error(`the rebuild of ${spec.name} was stopped`);
      await new Promise((r) => setTimeout(r, options.progressEveryMs ?? 1_000));
    }
  } finally {
    await replay.stop();
    await live.query(`DROP TABLE IF EXISTS ${[...spec.tables, 'projection_checkpoints'].map((t) => SHADOW + t).join(', ')}`).catch(() => undefined);
  }
}

/** Empty shadow tables shaped like the live ones (indexes and constraints included), and shadow checkpoints. */
async function createShadowTables(live: DataSource, spec: ProjectionSpec): Promise<void> {
  for (const table of [...spec.tables, 'projection_checkpoints']) {
    await live.query(`DROP TABLE IF EXISTS ${SHADOW}${table}`);
    await live.query(`CREATE TABLE ${SHADOW}${table} (LIKE ${table} INCLUDING ALL)`);
  }
}

/**
 * In one transaction: stop every checkpoint from moving (the table lock waits for live transactions
 * in flight and holds back new ones), and if the rebuild has projected at least as far as the live
 * tables on every partition, swap the tables and hand the checkpoints over. False (nothing changed)
 * when the live consumer is still ahead somewhere: the rebuild catches up and tries again.
 */
async function swapIn(live: DataSource, spec: ProjectionSpec): Promise<boolean> {
  return live.transaction(async (tx) => {
    await tx.query(`LOCK TABLE projection_checkpoints, ${SHADOW}projection_checkpoints IN EXCLUSIVE MODE`);
    const checkpoints = (table: string) =>
      tx.query<{ topic: string; partition: number; last_offset: string }[]>(`SELECT topic, partition, last_offset FROM ${table} WHERE projection = $1`, [
        spec.name,
      ]);
    const [current, rebuilt] = [await checkpoints('projection_checkpoints'), await checkpoints(`${SHADOW}projection_checkpoints`)];
    const rebuiltAt = new Map(rebuilt.map((c) => [`${c.topic}/${c.partition}`, BigInt(c.last_offset)]));
    const behind = current.some((c) => (rebuiltAt.get(`${c.topic}/${c.partition}`) ?? -1n) < BigInt(c.last_offset));
    if (behind) return false;
    const retired = `retired_${Date.now().toString(36)}_`;
    for (const table of spec.tables) {
      await tx.query(`ALTER TABLE ${table} RENAME TO ${retired}${table}`);
      await tx.query(`ALTER TABLE ${SHADOW}${table} RENAME TO ${table}`);
    }
    await tx.query('DELETE FROM projection_checkpoints WHERE projection = $1', [spec.name]);
    await tx.query(
      `INSERT INTO projection_checkpoints (projection, topic, partition, last_offset, updated_at)
       SELECT projection, topic, partition, last_offset, updated_at FROM ${SHADOW}projection_checkpoints WHERE projection = $1`,
      [spec.name],
    );
    for (const table of spec.tables) await tx.query(`DROP TABLE ${retired}${table}`);
    // The tables and the version of the code that built them change together.
    await tx.query(
      `INSERT INTO projection_versions (projection, version, built_at) VALUES ($1, $2, now())
       ON CONFLICT (projection) DO UPDATE SET version = excluded.version, built_at = excluded.built_at`,
      [spec.name, spec.version],
    );
    return true;
  });
}
