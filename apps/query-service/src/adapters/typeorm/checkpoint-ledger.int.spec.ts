// The read side's inbox on a real database: a batch is new from past the stored checkpoint on, the
// checkpoint only moves forward, partitions and projections keep their own, a partition's first batch
// recorded by two transactions at once is new to one of them only, and a rebuild's shadow checkpoints
// (a table prefix) are apart from the live ones.
import type { InboundMessage } from '@eventshop/messaging';
import { createTestDatabase, waitUntil, type TestDatabase } from '@eventshop/testing';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { CheckpointLedger } from './checkpoint-ledger';
import { readModelDatabase } from './read-model-database';

const fact = (offset: number, partition = 0, topic = 'order.events'): InboundMessage => ({
  topic,
  partition,
  offset: String(offset),
  key: 'o-1',
  messageId: `${topic}-${partition}-${offset}`,
  type: 'OrderPlaced',
  schemaVersion: 1,
  correlationId: 'o-1',
  occurredAt: new Date().toISOString(),
  data: {},
});

describe('CheckpointLedger', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('checkpoint_ledger', 4);
    dataSource = await new DataSource(readModelDatabase(db.config) as DataSourceOptions).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const recordNew = (ledger: CheckpointLedger, messages: InboundMessage[]) =>
    ledger.inTransaction((manager) => ledger.recordNew(manager, 'unused', messages)).then((ids) => [...ids].sort());
  const stored = async (table = 'projection_checkpoints') =>
    (await db.pool.query(`SELECT projection, topic, partition, last_offset::int AS "offset" FROM ${table} ORDER BY 1, 2, 3`)).rows;

  it('takes a first batch as new and stores its highest offset', async () => {
    const ledger = new CheckpointLedger(dataSource, () => 'orders');
    expect(await recordNew(ledger, [fact(5), fact(6), fact(7)])).toEqual(['order.events-0-5', 'order.events-0-6', 'order.events-0-7']);
    expect(await stored()).toEqual([{ projection: 'orders', topic: 'order.events', partition: 0, offset: 7 }]);
  });

  it('takes as new only what lies past the checkpoint, and never moves it back', async () => {
    const ledger = new CheckpointLedger(dataSource, () => 'orders');
    expect(await recordNew(ledger, [fact(6), fact(7), fact(8)])).toEqual(['order.events-0-8']);
    expect(await recordNew(ledger, [fact(3), fact(4)])).toEqual([]);
    expect((await stored()).map((r) => r.offset)).toEqual([8]);
  });

  it('keeps a checkpoint per projection, topic and partition', async () => {
    expect(await recordNew(new CheckpointLedger(dataSource, () => 'orders'), [fact(2, 1)])).toEqual(['order.events-1-2']);
    expect(await recordNew(new CheckpointLedger(dataSource, () => 'catalogue'), [fact(1, 0)])).toEqual(['order.events-0-1']);
    expect(await stored()).toEqual([
      { projection: 'catalogue', topic: 'order.events', partition: 0, offset: 1 },
      { projection: 'orders', topic: 'order.events', partition: 0, offset: 8 },
      { projection: 'orders', topic: 'order.events', partition: 1, offset: 2 },
    ]);
  });

  it('records a batch of several partitions and projections in one round trip, each against its own checkpoint', async () => {
    const ledger = new CheckpointLedger(dataSource, (topic) => (topic === 'mixed.a' ? 'mixed-a' : 'mixed-b'));
    const recordCounted = (messages: InboundMessage[]) =>
      ledger.inTransaction(async (manager) => {
        const query = jest.spyOn(manager, 'query');
        const ids = await ledger.recordNew(manager, 'unused', messages);
        return { ids: [...ids].sort(), roundTrips: query.mock.calls.length };
      });
    expect(await recordCounted([fact(3, 0, 'mixed.a'), fact(4, 0, 'mixed.a'), fact(1, 1, 'mixed.a'), fact(7, 0, 'mixed.b')])).toEqual({
      ids: ['mixed.a-0-3', 'mixed.a-0-4', 'mixed.a-1-1', 'mixed.b-0-7'],
      roundTrips: 1,
    });
    expect(await recordCounted([fact(4, 0, 'mixed.a'), fact(5, 0, 'mixed.a'), fact(2, 1, 'mixed.a'), fact(6, 0, 'mixed.b')])).toEqual({
      ids: ['mixed.a-0-5', 'mixed.a-1-2'],
      roundTrips: 1,
    });
    expect((await stored()).filter((r) => r.projection.startsWith('mixed'))).toEqual([
      { projection: 'mixed-a', topic: 'mixed.a', partition: 0, offset: 5 },
      { projection: 'mixed-a', topic: 'mixed.a', partition: 1, offset: 2 },
      { projection: 'mixed-b', topic: 'mixed.b', partition: 0, offset: 7 },
    ]);
  });

  it('leaves the checkpoint where it was when the transaction rolls back', async () => {
    const ledger = new CheckpointLedger(dataSource, () => 'orders');
    await expect(
      ledger.inTransaction(async (manager) => {
        await ledger.recordNew(manager, 'unused', [fact(9)]);
        throw new Error('the projection failed');
      }),
    ).rejects.toThrow('the projection failed');
    expect(await recordNew(ledger, [fact(9)])).toEqual(['order.events-0-9']);
  });

  /**
   * Two transactions record a fresh partition's first batches at once (two flushes, or two members
   * during a rebalance): the second's insert provably waits for the first's row; once the first
   * commits, the second answers what it finds new.
   */
  async function firstBatchesAtOnce(partition: number, first: number[], second: number[]): Promise<{ first: string[]; second: string[] }> {
    const ledger = new CheckpointLedger(dataSource, () => 'orders');
    const [one, two] = [dataSource.createQueryRunner(), dataSource.createQueryRunner()];
    try {
      await one.startTransaction();
      const firstNew = await ledger.recordNew(
        one.manager,
        'unused',
        first.map((offset) => fact(offset, partition)),
      );
      await two.startTransaction();
      const secondNew = ledger.recordNew(
        two.manager,
        'unused',
        second.map((offset) => fact(offset, partition)),
      );
      await waitUntil('the second transaction waits for the first', async () => {
        const waiting = await db.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`, [db.name]);
        return waiting.rows[0].n === 1;
      });
      await one.commitTransaction();
      const secondIds = await secondNew;
      await two.commitTransaction();
      return { first: [...firstNew].sort(), second: [...secondIds].sort() };
    } finally {
      await one.release();
      await two.release();
    }
  }
  const checkpointOf = async (partition: number) => (await stored()).find((r) => r.projection === 'orders' && r.partition === partition)?.offset;

  it('takes as new, of a first batch recorded while another was, only what lies past what the other recorded', async () => {
    // Taking its whole batch as new would project offsets 0–2 twice.
    expect(await firstBatchesAtOnce(7, [0, 1, 2], [0, 1, 2, 3, 4])).toEqual({
      first: ['order.events-7-0', 'order.events-7-1', 'order.events-7-2'],
      second: ['order.events-7-3', 'order.events-7-4'],
    });
    expect(await checkpointOf(7)).toBe(4);
  });

  it('takes nothing as new of a first batch the other one covered, and leaves its checkpoint where the other put it', async () => {
    expect(await firstBatchesAtOnce(8, [0, 1, 2], [0, 1])).toEqual({ first: ['order.events-8-0', 'order.events-8-1', 'order.events-8-2'], second: [] });
    expect(await checkpointOf(8)).toBe(2);
  });

  it("writes a rebuild's checkpoints to its shadow table, apart from the live ones", async () => {
    await db.pool.query('CREATE TABLE rebuild_projection_checkpoints (LIKE projection_checkpoints INCLUDING ALL)');
    const shadow = await new DataSource({ ...readModelDatabase(db.config), migrationsRun: false, entityPrefix: 'rebuild_' } as DataSourceOptions).initialize();
    try {
      expect(await recordNew(new CheckpointLedger(shadow, () => 'orders'), [fact(1), fact(2)])).toEqual(['order.events-0-1', 'order.events-0-2']);
      expect(await stored('rebuild_projection_checkpoints')).toEqual([{ projection: 'orders', topic: 'order.events', partition: 0, offset: 2 }]);
      expect((await stored()).find((r) => r.projection === 'orders' && r.partition === 0)?.offset).toBe(9);
    } finally {
      await shadow.destroy();
    }
  });
});
