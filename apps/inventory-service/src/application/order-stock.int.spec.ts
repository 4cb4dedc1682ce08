import { participantContextOn, type ParticipantContext } from '@eventshop/service-runtime';
import { createTestDatabase, type TestDatabase } from '@eventshop/testing';
import { defaultInventoryTopics } from './inventory-topics';
import { handleOrderStock, handleOrderStockBatch } from './order-stock';
import { handleProductCommand, stockOf } from './product-commands';

describe('order stock against PostgreSQL', () => {
  let db: TestDatabase;
  let store: ParticipantContext['store'];
  let outbox: ParticipantContext['outbox'];
  beforeAll(async () => {
    db = await createTestDatabase('inventory_stock', 20);
    ({ store, outbox } = await participantContextOn(db.pool, 'inventory', defaultInventoryTopics));
  });
  afterAll(() => db.drop());

  const create = (sku: string, quantity: number, priceCents = 500) =>
    handleProductCommand(store, outbox, defaultInventoryTopics, { type: 'CreateProduct', sku, name: sku, priceCents, quantity });
  const reserve = (orderId: string, lines: { sku: string; quantity: number }[]) =>
    store.transaction((tx) => handleOrderStock(store, tx, { type: 'ReserveOrderStock', orderId, lines }));

  it('never oversells: 200 concurrent orders for 50 units reserve exactly 50', async () => {
    await create('LAST-50', 50);
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => reserve(`race-${i}`, [{ sku: 'LAST-50', quantity: 1 }])));
    const reserved = outcomes.filter((o) => o.reservation.status === 'reserved');
    expect(reserved).toHaveLength(50);
    expect(outcomes.filter((o) => o.reservation.status === 'rejected')).toHaveLength(150);
    expect(await stockOf(store, 'LAST-50')).toMatchObject({ available: 0, reserved: 50, committed: 0 });
  });

  it('reserves a multi-SKU order wholly or not at all', async () => {
    await create('PLENTY', 10);
    await create('SCARCE', 1);
    const refused = await reserve('multi-1', [
      { sku: 'PLENTY', quantity: 3 },
      { sku: 'SCARCE', quantity: 2 },
    ]);
    expect(refused.reservation).toMatchObject({ status: 'rejected', rejection: { sku: 'SCARCE' } });
    expect(await stockOf(store, 'PLENTY')).toMatchObject({ available: 10, reserved: 0 });

    const served = await reserve('multi-2', [
      { sku: 'PLENTY', quantity: 3 },
      { sku: 'SCARCE', quantity: 1 },
    ]);
    expect(served.reservation.status).toBe('reserved');
    expect(await stockOf(store, 'PLENTY')).toMatchObject({ available: 7, reserved: 3 });
    expect(await stockOf(store, 'SCARCE')).toMatchObject({ available: 0, reserved: 1 });
  });

  it('gives a repeated reservation the same outcome without a second effect', async () => {
    await create('REPEAT', 5);
    const first = await reserve('repeat-1', [{ sku: 'REPEAT', quantity: 2 }]);
    const second = await reserve('repeat-1', [{ sku: 'REPEAT', quantity: 2 }]);
    expect(second.reservation).toEqual(first.reservation);
    expect(second.decision).toEqual({ reservation: [], products: {} });
    expect(await stockOf(store, 'REPEAT')).toMatchObject({ available: 3, reserved: 2 });
  });

  it('releases and commits, each once, and keeps stock conserved', async () => {
    await create('FLOW', 6);
    await reserve('flow-1', [{ sku: 'FLOW', quantity: 2 }]);
    await reserve('flow-2', [{ sku: 'FLOW', quantity: 3 }]);
    for (let i = 0; i < 2; i++) {
      await store.transaction((tx) => handleOrderStock(store, tx, { type: 'ReleaseOrderStock', orderId: 'flow-1' }));
      await store.transaction((tx) => handleOrderStock(store, tx, { type: 'CommitOrderStock', orderId: 'flow-2' }));
    }
    const stock = await stockOf(store, 'FLOW');
    expect(stock).toMatchObject({ available: 3, reserved: 0, committed: 3 });
    expect(stock.available + stock.reserved + stock.committed).toBe(6);
  });

  it('carries out a batch of commands in order: an order named twice sees its first command, and stock stays conserved', async () => {
    await create('BATCH-X', 10);
    await create('BATCH-Y', 5);
    const outcomes = await store.transaction((tx) =>
      handleOrderStockBatch(store, tx, [
        { type: 'ReserveOrderStock', orderId: 'batch-a', lines: [{ sku: 'BATCH-X', quantity: 2 }] },
        {
          type: 'ReserveOrderStock',
          orderId: 'batch-b',
          lines: [
            { sku: 'BATCH-X', quantity: 1 },
            { sku: 'BATCH-Y', quantity: 1 },
          ],
        },
        { type: 'CommitOrderStock', orderId: 'batch-b' },
        { type: 'ReleaseOrderStock', orderId: 'batch-a' },
        { type: 'ReserveOrderStock', orderId: 'batch-c', lines: [{ sku: 'BATCH-Y', quantity: 9 }] },
      ]),
    );
    expect(outcomes.map((o) => o.reservation.status)).toEqual(['reserved', 'reserved', 'committed', 'released', 'rejected']);
    expect(await stockOf(store, 'BATCH-X')).toMatchObject({ available: 9, reserved: 0, committed: 1 });
    expect(await stockOf(store, 'BATCH-Y')).toMatchObject({ available: 4, reserved: 0, committed: 1 });
  });

  it('lets racing batches that share products in any order queue, never deadlock, never oversell', async () => {
    const skus = ['RACE-1', 'RACE-2', 'RACE-3', 'RACE-4'];
    for (const sku of skus) await create(sku, 20);
    // 12 batches of 5 orders, each order two products, the batches walking the products in different orders.
    const batches = Array.from({ length: 12 }, (_, b) =>
      Array.from({ length: 5 }, (_, i) => ({
        type: 'ReserveOrderStock' as const,
        orderId: `race-batch-${b}-${i}`,
        lines: [
          { sku: skus[(b + i) % 4], quantity: 1 },
          { sku: skus[(b + 3 * i + 1) % 4], quantity: 1 },
        ].filter((line, j, lines) => lines.findIndex((l) => l.sku === line.sku) === j),
      })),
    );
    const outcomes = (await Promise.all(batches.map((commands) => store.transaction((tx) => handleOrderStockBatch(store, tx, commands))))).flat();
    const units = (sku: string) =>
      outcomes.filter((o) => o.reservation.status === 'reserved').reduce((n, o) => n + (o.reservation.lines.find((l) => l.sku === sku)?.quantity ?? 0), 0);
    for (const sku of skus) {
      const stock = await stockOf(store, sku);
      expect([sku, stock.reserved]).toEqual([sku, units(sku)]);
      expect([sku, stock.available + stock.reserved]).toEqual([sku, 20]);
      expect(stock.available).toBeGreaterThanOrEqual(0);
    }
    expect(outcomes.filter((o) => o.reservation.status === 'rejected').length).toBeGreaterThan(0); // 60 orders ask for more units than the 80 there are
  });

  it('snapshots a busy product, and loading from the snapshot gives the same stock as replaying everything', async () => {
    await create('BUSY', 1_000);
    for (let i = 0; i < 60; i++) {
      await reserve(`busy-${i}`, [{ sku: 'BUSY', quantity: 1 }]);
      await store.transaction((tx) => handleOrderStock(store, tx, { type: i % 3 ? 'CommitOrderStock' : 'ReleaseOrderStock', orderId: `busy-${i}` }));
    }
    const snapshot = await db.pool.query("SELECT stream_version FROM snapshots WHERE stream_id = 'product-BUSY'");
    expect(snapshot.rows[0]?.stream_version).toBeGreaterThanOrEqual(100); // 121 events: one snapshot at 100 or later
    const fromSnapshot = await stockOf(store, 'BUSY');
    await db.pool.query("DELETE FROM snapshots WHERE stream_id = 'product-BUSY'");
    expect(await stockOf(store, 'BUSY')).toEqual(fromSnapshot);
    expect(fromSnapshot).toMatchObject({ available: 960, reserved: 0, committed: 40 });
  });
});
