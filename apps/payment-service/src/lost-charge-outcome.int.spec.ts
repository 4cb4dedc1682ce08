// The charge worker against PostgreSQL and a fake PSP, where a charge's outcome is lost: the provider
// charged, and recording that failed (the database went away in between). The work item is tried
// again after its lease; if the saga's refund voided the payment meanwhile, the money the provider
// took must still come back — the twin of what the chaos suite found in shipping.
import { loadAggregate } from '@eventshop/event-store';
import { createFakePsp, type PspLedger } from '@eventshop/fake-provider';
import { participantContextOn, type ParticipantContext } from '@eventshop/service-runtime';
import { createTestDatabase, jsonOf, type TestDatabase } from '@eventshop/testing';
import type { WorkItem } from '@eventshop/work-queue';
import { HttpPaymentProvider } from './adapters/psp/http-payment-provider';
import { paymentStreamId } from './domain/payment';
import { paymentDecider } from './domain/payment.decide';
import { chargeWorker, type ChargeWork } from './application/charge-worker';
import { defaultPaymentTopics } from './application/payment-topics';
import { processPayment } from './application/process-payment';
import { refundPayment } from './application/refund-payment';
import { WorkQueues } from './application/work-queues';

describe('the charge worker when an outcome was lost', () => {
  let db: TestDatabase;
  let psp: { url: string; close(): Promise<void> };
  let ctx: ParticipantContext;
  const route = { correlationId: 'c', causationId: 'c' };
  beforeAll(async () => {
    db = await createTestDatabase('payment_workers');
    ctx = await participantContextOn(db.pool, 'payment', defaultPaymentTopics);
    psp = await createFakePsp('psp-primary').listen(0);
  });
  afterAll(async () => {
    await psp?.close();
    await db?.drop();
  });

  const item = (orderId: string, attempts: number): WorkItem<ChargeWork> => ({
    queue: WorkQueues.charges,
    itemId: orderId,
    payload: { orderId, amountCents: 1250, token: 'tok_ok', route },
    attempts,
    createdAt: new Date(),
  });
  const worker = () => chargeWorker({ ...ctx, providers: [new HttpPaymentProvider('psp-primary', psp.url, 2_000)], chargeDeadlineMs: 60_000 });
  const record = async (outcome: Awaited<ReturnType<ReturnType<typeof worker>>>) => {
    if (!('done' in outcome)) throw new Error(`expected an outcome to record, got a retry: ${outcome.reason}`);
    await ctx.store.transaction((tx) => outcome.done(tx));
  };
  const ledger = () => jsonOf<PspLedger>(fetch(`${psp.url}/ledger`));
  const pay = (orderId: string) =>
    ctx.store.transaction((tx) => processPayment(ctx, tx, { orderId, customerId: 'c-1', amountCents: 1250, paymentToken: 'tok_ok' }, route));

  it('charges, then refunds at once, a voided payment whose earlier attempt may have charged', async () => {
    await pay('lost-1');
    await worker()(item('lost-1', 1)); // the provider charged; its outcome is never recorded
    expect((await ledger()).charges.map((c) => c.orderId)).toEqual(['lost-1']);
    await ctx.store.transaction((tx) => refundPayment(ctx, tx, { orderId: 'lost-1', reason: 'no answer to processPayment' }, route));

    await record(await worker()(item('lost-1', 2))); // the lease ran out: tried again, on a voided payment
    const { state } = await loadAggregate(ctx.store, paymentStreamId('lost-1'), paymentDecider);
    expect(state.status).toBe('refunding'); // the charge recorded, and its refund scheduled
    expect((await ledger()).charges.map((c) => c.orderId)).toEqual(['lost-1']); // the same charge, not a second one
  });

  it('asks no provider for a payment voided before its first attempt', async () => {
    await pay('early-1');
    await ctx.store.transaction((tx) => refundPayment(ctx, tx, { orderId: 'early-1', reason: 'compensating' }, route));
    await record(await worker()(item('early-1', 1)));
    const { state } = await loadAggregate(ctx.store, paymentStreamId('early-1'), paymentDecider);
    expect(state.status).toBe('failed');
    expect((await ledger()).charges.filter((c) => c.orderId === 'early-1')).toEqual([]);
  });
});
