import { EventStore, eventStoreMigrations, migrate, WrongExpectedVersion } from '@eventshop/event-store';
import { messagingMigrations, Outbox } from '@eventshop/messaging';
import { workQueueMigrations, WorkQueueWorker } from '@eventshop/work-queue';
import { createTestDatabase, recordedQueries, waitUntil, type TestDatabase } from '@eventshop/testing';
import pino from 'pino';
import { defineSaga } from './saga-definition';
import { SagaRunner, type DeadlineWork } from './saga-runner';
import { payStep, reserveStep, timing, type CheckoutContext } from './test-support/checkout-steps';

type Ctx = CheckoutContext;

const definition = (payDeadlineMs: number) =>
  defineSaga<Ctx>('checkout')
    .step(reserveStep(timing(60_000, 3, 3)))
    .step(payStep(timing(payDeadlineMs, 2, 3)))
    .build();

describe('SagaRunner (PostgreSQL)', () => {
  let db: TestDatabase;
  let store: EventStore;
  const outbox = new Outbox('orders');
  beforeAll(async () => {
    db = await createTestDatabase('saga_runner');
    await migrate(db.pool, [...eventStoreMigrations, ...messagingMigrations, ...workQueueMigrations]);
    store = new EventStore(db.pool);
  });
  afterAll(() => db.drop());

  const sent = async (sagaId: string) =>
    (await db.pool.query("SELECT topic, headers->>'type' AS type, payload FROM outbox WHERE message_key = $1 ORDER BY id", [sagaId])).rows;
  const runner = (payDeadlineMs = 60_000) => new SagaRunner<Ctx>({ definition: definition(payDeadlineMs), store, outbox });

  it('starts a saga: its events, its first command and its deadline commit together', async () => {
    const r = runner();
    await store.transaction((tx) => r.start(tx, 'o-1', { orderId: 'o-1' }));
    expect(await sent('o-1')).toEqual([{ topic: 'inventory.commands', type: 'ReserveStock', payload: { orderId: 'o-1' } }]);
    const deadlines = await db.pool.query('SELECT item_id FROM work_items WHERE queue = $1', [r.deadlineQueue]);
    expect(deadlines.rows.map((d) => d.item_id)).toContain('o-1:forward:reserve:1');
    expect((await r.load('o-1')).status).toBe('running');
  });

  it('starts a saga under a new id without locking or reading it, and refuses an id that exists after all', async () => {
    const r = runner();
    const statements = await store.transaction(async (tx) => {
      const { through, texts } = recordedQueries(tx);
      await r.startNew(through, 'o-new', { orderId: 'o-new' });
      return texts;
    });
    expect(statements.filter((text) => /^\s*SELECT\b/.test(text))).toEqual([]); // writes only: no lock taken, no stream read
    expect(await sent('o-new')).toEqual([{ topic: 'inventory.commands', type: 'ReserveStock', payload: { orderId: 'o-new' } }]);
    expect((await r.load('o-new')).status).toBe('running');
    await expect(store.transaction((tx) => r.startNew(tx, 'o-new', { orderId: 'o-new' }))).rejects.toThrow(WrongExpectedVersion);
    expect(await sent('o-new')).toHaveLength(1);
  });

  it('writes nothing when the starting transaction rolls back', async () => {
    await expect(
      store.transaction(async (tx) => {
        await runner().start(tx, 'o-rb', { orderId: 'o-rb' });
        throw new Error('order could not be created');
      }),
    ).rejects.toThrow();
    expect(await sent('o-rb')).toEqual([]);
    expect((await runner().load('o-rb')).status).toBe('new');
  });

  it('moves on with each reply, sends what the context learnt, and ignores the same reply twice — also after a restart', async () => {
    await store.transaction((tx) => runner().handle(tx, 'o-1', { type: 'Reply', replyType: 'StockReserved', data: { totalCents: 4200 } }));
    // A new runner over a new store object: what a restarted process has.
    const restarted = new SagaRunner<Ctx>({ definition: definition(60_000), store: new EventStore(db.pool), outbox });
    const again = await store.transaction((tx) => restarted.handle(tx, 'o-1', { type: 'Reply', replyType: 'StockReserved', data: { totalCents: 1 } }));
    expect(again.events).toEqual([]);
    expect((await sent('o-1')).map((m) => [m.type, m.payload])).toEqual([
      ['ReserveStock', { orderId: 'o-1' }],
      ['ProcessPayment', { orderId: 'o-1', amountCents: 4200 }],
    ]);
    const deadlines = async () =>
      (await db.pool.query("SELECT item_id FROM work_items WHERE queue = $1 AND item_id LIKE 'o-1:%'", [restarted.deadlineQueue])).rows.map((d) => d.item_id);
    expect(await deadlines()).toEqual(['o-1:forward:pay:1']); // the answered step's deadline is gone
    const done = await store.transaction((tx) => restarted.handle(tx, 'o-1', { type: 'Reply', replyType: 'PaymentProcessed', data: {} }));
    expect(done.state.status).toBe('completed');
    expect(await deadlines()).toEqual([]); // an ended saga has none
  });

  it('serialises replies racing for one saga', async () => {
    const r = runner();
    await store.transaction((tx) => r.start(tx, 'o-2', { orderId: 'o-2' }));
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => store.transaction((tx) => r.handle(tx, 'o-2', { type: 'Reply', replyType: 'StockReserved', data: { totalCents: 10 } }))),
    );
    expect(outcomes.filter((o) => o.events.length > 0)).toHaveLength(1);
    expect((await sent('o-2')).map((m) => m.type)).toEqual(['ReserveStock', 'ProcessPayment']);
  });

  it('handles a batch of inputs for several sagas together, a saga named twice seeing its first input, with the deadlines of where each ended', async () => {
    const r = runner();
    const deadlines = async (prefix: string) =>
      (await db.pool.query('SELECT item_id FROM work_items WHERE queue = $1 AND item_id LIKE $2 ORDER BY item_id', [r.deadlineQueue, `${prefix}%`])).rows.map(
        (d) => d.item_id,
      );
    const reserved = (totalCents: number) => ({ type: 'Reply' as const, replyType: 'StockReserved', data: { totalCents } });
    await store.transaction(async (tx) => {
      await r.start(tx, 'b-1', { orderId: 'b-1' });
      await r.start(tx, 'b-2', { orderId: 'b-2' });
    });
    const outcomes = await store.transaction((tx) =>
      r.handleMany(tx, [
        { sagaId: 'b-1', input: reserved(100) },
        { sagaId: 'b-2', input: reserved(200) },
        { sagaId: 'b-1', input: { type: 'Reply', replyType: 'PaymentProcessed', data: {} } },
        { sagaId: 'b-3', input: { type: 'Start', sagaId: 'b-3', context: { orderId: 'b-3' } } },
      ]),
    );
    expect(outcomes.map((o) => [o.state.status, o.events.map((e) => e.type), o.version])).toEqual([
      ['running', ['StepSucceeded', 'StepStarted'], 4],
      ['running', ['StepSucceeded', 'StepStarted'], 4],
      ['completed', ['StepSucceeded', 'SagaCompleted'], 6],
      ['running', ['SagaStarted', 'StepStarted'], 2],
    ]);
    expect((await store.readStream(r.streamId('b-1'))).map((e) => [e.streamVersion, e.type])).toEqual([
      [1, 'SagaStarted'],
      [2, 'StepStarted'],
      [3, 'StepSucceeded'],
      [4, 'StepStarted'],
      [5, 'StepSucceeded'],
      [6, 'SagaCompleted'],
    ]);
    expect((await sent('b-1')).map((m) => [m.type, m.payload])).toEqual([
      ['ReserveStock', { orderId: 'b-1' }],
      ['ProcessPayment', { orderId: 'b-1', amountCents: 100 }],
    ]);
    // b-1 ended (its payment's deadline was set and answered within the batch), b-2 waits for its payment, b-3 for its stock.
    expect(await deadlines('b-')).toEqual(['b-2:forward:pay:1', 'b-3:forward:reserve:1']);
  });

  it('retries a silent step when its deadline passes, then compensates it and the steps before it', async () => {
    const r = runner(80);
    await store.transaction(async (tx) => {
      await r.start(tx, 'o-3', { orderId: 'o-3' });
      await r.handle(tx, 'o-3', { type: 'Reply', replyType: 'StockReserved', data: { totalCents: 99 } });
    });
    const worker = new WorkQueueWorker<DeadlineWork>({
      pool: db.pool,
      queue: r.deadlineQueue,
      logger: pino({ level: 'silent' }),
      handle: r.deadlineHandler(),
      pollIntervalMs: 20,
    }).start();
    try {
      await waitUntil('the refund of the silent payment', async () => (await sent('o-3')).some((m) => m.type === 'RefundPayment'));
      expect((await sent('o-3')).map((m) => m.type)).toEqual(['ReserveStock', 'ProcessPayment', 'ProcessPayment', 'RefundPayment']);
      await store.transaction((tx) => r.handle(tx, 'o-3', { type: 'Reply', replyType: 'PaymentRefunded', data: {} }));
      expect((await sent('o-3')).map((m) => m.type).at(-1)).toBe('ReleaseStock');
      const final = await store.transaction((tx) => r.handle(tx, 'o-3', { type: 'Reply', replyType: 'StockReleased', data: {} }));
      expect(final.state).toMatchObject({ status: 'compensated', failureReason: 'no answer to pay after 2 attempt(s)' });
    } finally {
      await worker.stop();
    }
  });
});
