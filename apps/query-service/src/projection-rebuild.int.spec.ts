// Rebuilding without downtime, against the real PostgreSQL and Kafka: after a scripted workload, each
// projection is rebuilt from the beginning of its topics into shadow tables and swapped in — the
// rebuilt tables equal the live ones, reads kept answering throughout, and facts that arrived during
// the rebuild are in the result.
import { envelopeOf, Facts, type Envelope, type MessageDefinition } from '@eventshop/contracts';
import { headersOf } from '@eventshop/messaging';
import { silentLogger, type Logger } from '@eventshop/observability';
import { freePort, sendRaw, serviceTestBed, sleep, waitUntil, type ServiceTestBed } from '@eventshop/testing';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { z } from 'zod';
import { rebuildProjection, type RebuildProgress } from './adapters/rebuild/projection-rebuild';
import { rebuildOutdatedProjections } from './adapters/rebuild/rebuild-outdated';
import { RebuildInProgress } from './adapters/rebuild/rebuild-lock';
import { readModelDatabase } from './adapters/typeorm/read-model-database';
import { defaultQueryTopics, type QueryConfig, type QueryTopics } from './config';
import { startQueryService } from './main';

describe('rebuilding projections without downtime (PostgreSQL + Kafka)', () => {
  let bed: ServiceTestBed<QueryTopics>;
  let app: INestApplication;
  let url: string;
  let config: QueryConfig;

  const address = { name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
  const fact = <D extends MessageDefinition>(definition: D, data: z.input<D['schema']>, key: string) => ({
    key,
    envelope: envelopeOf(definition, data, { correlationId: key }) as Envelope,
  });
  const publish = (topic: string, messages: { key: string; envelope: Envelope }[]) =>
    sendRaw(
      topic,
      messages.map(({ key, envelope }) => ({ key, value: JSON.stringify(envelope.data), headers: headersOf(envelope) })),
    );

  /** A day's trade: orders that complete, are compensated or stay pending; stock moving. */
  async function workload(from: number, count: number): Promise<void> {
    for (let i = from; i < from + count; i++) {
      const orderId = `rb-${i}`;
      const order = [
        fact(Facts.OrderPlaced, { orderId, customerId: `c-${i % 3}`, lines: [{ sku: 'RB-MUG', quantity: 1 + (i % 2) }], shippingAddress: address }, orderId),
        fact(
          Facts.OrderSagaProgressed,
          {
            orderId,
            progress: [
              { sequence: 1, kind: 'SagaStarted' },
              { sequence: 2, kind: 'StepStarted', step: 'reserveStock', attempt: 1 },
            ],
          },
          orderId,
        ),
      ];
      const ending =
        i % 3 === 0
          ? [fact(Facts.OrderCompleted, { orderId, totalCents: 1250 }, orderId)]
          : i % 3 === 1
            ? [fact(Facts.OrderCompensated, { orderId, reason: 'declined' }, orderId)]
            : [];
      await publish(bed.topics.orderEvents, [...order, ...ending]);
      await publish(bed.topics.paymentEvents, [
        fact(Facts.PaymentCharged, { orderId, amountCents: 1250, provider: 'psp-primary', providerReference: `ch-${i}` }, orderId),
      ]);
      const hold = { orderId, lines: [{ sku: 'RB-MUG', quantity: 1 + (i % 2), unitPriceCents: 1250 }] };
      await publish(bed.topics.inventoryEvents, [
        fact(Facts.InventoryReserved, hold, orderId),
        ...(i % 3 === 0 ? [fact(Facts.InventoryCommitted, { orderId, lines: [{ sku: 'RB-MUG', quantity: 1 + (i % 2) }] }, orderId)] : []),
      ]);
    }
  }

  const snapshot = async () => {
    const db = bed.db.pool;
    const rows = async (sql: string) => (await db.query(sql)).rows;
    return {
      orders: await rows(
        'SELECT order_id, customer_id, status, items, total_cents, failure_reason, payment, shipment, placed_at, last_event_at FROM order_summary ORDER BY order_id',
      ),
      timeline: await rows('SELECT * FROM order_timeline ORDER BY order_id, source, sequence, kind'),
      products: await rows('SELECT * FROM product_catalogue ORDER BY sku'),
      holds: await rows('SELECT * FROM product_holds ORDER BY order_id, sku'),
      restocks: await rows('SELECT * FROM product_restocks ORDER BY fact_id'),
      totals: await rows('SELECT * FROM product_stock_totals ORDER BY sku'),
    };
  };
  const projectedOrders = async () => Number((await bed.db.pool.query('SELECT count(*) FROM order_summary WHERE placed_at IS NOT NULL')).rows[0].count);

  beforeAll(async () => {
    bed = await serviceTestBed('query_rebuild', defaultQueryTopics);
    config = { ...bed.base, topics: bed.topics, readYourWritesTimeoutMs: 1_000, grpcPort: await freePort(), invariants: { settleMs: 0, ordersJudged: 1_000 } };
    app = await startQueryService(config);
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await publish(bed.topics.inventoryEvents, [fact(Facts.ProductCreated, { sku: 'RB-MUG', name: 'Mug', priceCents: 1250, quantity: 500 }, 'RB-MUG')]);
    await workload(0, 30);
    await waitUntil('the workload projected', async () => (await projectedOrders()) === 30, { timeoutMs: 30_000 });
  });
  afterAll(async () => {
    await app?.close();
    await bed?.cleanup();
  });

  const settled = () =>
    waitUntil('the live tables settled', async () => {
      const before = JSON.stringify(await snapshot());
      await sleep(300);
      return JSON.stringify(await snapshot()) === before;
    });

  it('rebuilds the order views into tables equal to the live ones, while reads keep answering', async () => {
    await settled();
    const live = await snapshot();
    const tableIds = async () =>
      (await bed.db.pool.query("SELECT relname, oid FROM pg_class WHERE relname IN ('order_summary', 'product_holds') ORDER BY relname")).rows;
    const before = await tableIds();
    // Readers keep asking throughout the rebuild; every answer must be a 200.
    let reading = true;
    const answers: number[] = [];
    const reader = (async () => {
      for (let i = 0; reading; i++) answers.push((await fetch(`${url}/orders/rb-${i % 30}`)).status);
    })();
    const progress: RebuildProgress[] = [];
    await rebuildProjection({ config, projection: 'orders', logger: silentLogger, progressEveryMs: 100, onProgress: (p) => progress.push(p) });
    await rebuildProjection({ config, projection: 'catalogue', logger: silentLogger, progressEveryMs: 100 });
    reading = false;
    await reader;

    expect(progress.at(-1)).toMatchObject({ projection: 'orders', phase: 'swapped', lag: 0 });
    expect(progress.some((p) => p.phase === 'replaying')).toBe(true);
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.filter((status) => status !== 200)).toEqual([]);
    expect(progress.at(-1)?.done).toBe(30 * 3 + 20); // every fact replayed: 2 order facts and a charge per order, 20 endings
    // The tables answering now are new ones (swapped in), with the same rows as before.
    expect((await tableIds()).map((t) => t.oid)).not.toEqual(expect.arrayContaining(before.map((t) => t.oid)));
    expect(await snapshot()).toEqual(live);
    const leftovers = await bed.db.pool.query("SELECT tablename FROM pg_tables WHERE tablename LIKE 'rebuild_%' OR tablename LIKE 'retired_%'");
    expect(leftovers.rows).toEqual([]);
  });

  it('keeps projecting live after the swap, and a rebuild under a stream of new facts misses none of them', async () => {
    const rebuilding = rebuildProjection({ config, projection: 'orders', logger: silentLogger, progressEveryMs: 50 });
    await workload(30, 10); // facts arriving while the rebuild runs
    await rebuilding;
    await workload(40, 5); // and after the swap, for the live consumer
    await waitUntil('every order projected', async () => (await projectedOrders()) === 45, { timeoutMs: 30_000 });
    const response = await fetch(`${url}/orders/rb-44`);
    expect(response.status).toBe(200);
  });

  it('runs one rebuild of a projection at a time: a second one meanwhile is refused, and one that finds its version built does nothing', async () => {
    await settled();
    const advisoryLocks = async () =>
      Number(
        (
          await bed.db.pool.query(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
          )
        ).rows[0].count,
      );
    const first = rebuildProjection({ config, projection: 'catalogue', logger: silentLogger, progressEveryMs: 50 });
    await waitUntil('the first rebuild holds its lock', async () => (await advisoryLocks()) === 1, { intervalMs: 5 });
    await expect(rebuildProjection({ config, projection: 'catalogue', logger: silentLogger })).rejects.toThrow(RebuildInProgress);
    await first;
    expect(await advisoryLocks()).toBe(0); // given back
    const catalogueTable = async () => (await bed.db.pool.query("SELECT oid FROM pg_class WHERE relname = 'product_catalogue'")).rows[0].oid;
    const built = await catalogueTable();
    // Version 1 built these tables (the swap recorded it): a rebuild unless current finds nothing to do.
    await expect(rebuildProjection({ config, projection: 'catalogue', logger: silentLogger, unlessCurrent: true })).resolves.toBeUndefined();
    expect(await catalogueTable()).toBe(built);
  });

  /** What a replica's start-up rebuild logs, and that start-up as a replica runs it (on a data source of its own). */
  const replicaStart = () => {
    const said: string[] = [];
    const logger: Logger = {
      info: (_, msg) => void said.push(msg ?? ''),
      warn: (_, msg) => void said.push(msg ?? ''),
      error: (_, msg) => void said.push(msg ?? ''),
    };
    const start = async (versions: Record<string, number>) => {
      const options = { ...(readModelDatabase(config.database) as DataSourceOptions), migrationsRun: false } as DataSourceOptions;
      const dataSource = await new DataSource(options).initialize();
      try {
        await rebuildOutdatedProjections({
          config: { ...config, projectionVersions: versions },
          dataSource,
          logger,
          signal: new AbortController().signal,
          retryMs: 100,
        });
      } finally {
        await dataSource.destroy();
      }
    };
    return { said, start };
  };
  const catalogueVersion = async () => (await bed.db.pool.query("SELECT version FROM projection_versions WHERE projection = 'catalogue'")).rows[0].version;

  it('rebuilds an outdated projection once when two replicas start together', async () => {
    await settled();
    const live = await snapshot();
    const { said, start } = replicaStart();
    await Promise.all([start({ catalogue: 2 }), start({ catalogue: 2 })]);
    expect(said.filter((msg) => msg === 'projection rebuilt and swapped in')).toHaveLength(1);
    // The other asked again until it found the version built.
    expect(said.filter((msg) => msg === 'projection already rebuilt by another replica')).toHaveLength(1);
    expect(await catalogueVersion()).toBe(2);
    expect(await snapshot()).toEqual(live);
  });

  it('takes over the rebuild of a replica that died before its swap', async () => {
    await settled();
    const live = await snapshot();
    // A replica that took the rebuild lock, and then died.
    const dying = new Client({ ...config.database, database: bed.db.name });
    await dying.connect();
    await dying.query("SELECT pg_advisory_lock(hashtext('eventshop.rebuild.catalogue'))");
    const { said, start } = replicaStart();
    const starting = start({ catalogue: 3 });
    await waitUntil('the replica waits for the other', () => said.some((msg) => /another replica is rebuilding/.test(msg)));
    await dying.end(); // its connection gone, its lock with it
    await starting;
    expect(said).toContain('projection rebuilt and swapped in');
    expect(await catalogueVersion()).toBe(3);
    expect(await snapshot()).toEqual(live);
  });

  it('rebuilds a projection whose version was raised, in the background at start-up, while the service answers', async () => {
    const version = async () => (await bed.db.pool.query("SELECT version FROM projection_versions WHERE projection = 'orders'")).rows[0]?.version;
    expect(await version()).toBe(1); // recorded on the first start
    await settled();
    const live = await snapshot();
    const before = (await bed.db.pool.query("SELECT oid FROM pg_class WHERE relname = 'order_summary'")).rows[0].oid;
    await app.close();
    // The same service, its orders projection now at version 2: it serves at once and rebuilds meanwhile.
    app = await startQueryService({ ...config, projectionVersions: { orders: 2 } });
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const answers: number[] = [];
    await waitUntil(
      'version 2 recorded',
      async () => {
        answers.push((await fetch(`${url}/orders/rb-1`)).status);
        return (await version()) === 2;
      },
      { timeoutMs: 30_000, intervalMs: 20 },
    );
    expect(answers.filter((status) => status !== 200)).toEqual([]);
    expect((await bed.db.pool.query("SELECT oid FROM pg_class WHERE relname = 'order_summary'")).rows[0].oid).not.toBe(before);
    expect(await snapshot()).toEqual(live);
  });
});
