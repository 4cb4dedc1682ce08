// The booking worker against PostgreSQL and the fake carrier, where a booking's outcome is lost: the
// carrier booked, and recording that failed (the database went away in between). The work item is
// tried again after its lease; if the saga's cancel voided the shipment meanwhile, the booking the
// carrier holds must still be cancelled — the chaos suite found one shipped and refunded.
import { loadAggregate } from '@eventshop/event-store';
import { createFakeCarrier, type CarrierLedger } from '@eventshop/fake-provider';
import { participantContextOn, type ParticipantContext } from '@eventshop/service-runtime';
import { createTestDatabase, jsonOf, type TestDatabase } from '@eventshop/testing';
import type { WorkItem } from '@eventshop/work-queue';
import { HttpCarrier } from './adapters/carrier/http-carrier';
import { shipmentStreamId } from './domain/shipment';
import { shipmentDecider } from './domain/shipment.decide';
import { cancelShipment } from './application/cancel-shipment';
import { requestShipping } from './application/request-shipping';
import { defaultShippingTopics } from './application/shipping-topics';
import { bookingWorker, type ShipmentWork } from './application/shipping-workers';
import { WorkQueues } from './application/work-queues';

describe('the booking worker when an outcome was lost', () => {
  let db: TestDatabase;
  let carrier: { url: string; close(): Promise<void> };
  let ctx: ParticipantContext;
  const route = { correlationId: 'c', causationId: 'c' };
  beforeAll(async () => {
    db = await createTestDatabase('shipping_workers');
    ctx = await participantContextOn(db.pool, 'shipping', defaultShippingTopics);
    carrier = await createFakeCarrier().listen(0);
  });
  afterAll(async () => {
    await carrier?.close();
    await db?.drop();
  });

  const address = { name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
  const item = (orderId: string, attempts: number): WorkItem<ShipmentWork> => ({
    queue: WorkQueues.bookings,
    itemId: orderId,
    payload: { orderId, route },
    attempts,
    createdAt: new Date(),
  });
  const worker = () => bookingWorker({ ...ctx, carrier: new HttpCarrier(carrier.url, 2_000), bookingDeadlineMs: 60_000 });
  const record = async (outcome: Awaited<ReturnType<ReturnType<typeof worker>>>) => {
    if (!('done' in outcome)) throw new Error(`expected an outcome to record, got a retry: ${outcome.reason}`);
    await ctx.store.transaction((tx) => outcome.done(tx));
  };
  const ledger = () => jsonOf<CarrierLedger>(fetch(`${carrier.url}/ledger`));

  it('books, then cancels at once, a voided shipment whose earlier attempt may have booked', async () => {
    await ctx.store.transaction((tx) =>
      requestShipping(ctx, tx, { orderId: 'lost-1', address, lines: [{ sku: 'MUG', quantity: 1, unitPriceCents: 1250 }] }, route),
    );
    await worker()(item('lost-1', 1)); // the carrier booked; its outcome is never recorded
    expect((await ledger()).bookings).toEqual([{ orderId: 'lost-1' }]);
    await ctx.store.transaction((tx) => cancelShipment(ctx, tx, { orderId: 'lost-1', reason: 'no answer to requestShipping' }, route));

    await record(await worker()(item('lost-1', 2))); // the lease ran out: tried again, on a voided shipment
    const { state } = await loadAggregate(ctx.store, shipmentStreamId('lost-1'), shipmentDecider);
    expect(state.status).toBe('cancelling'); // the booking recorded, and its cancellation scheduled
    expect((await ledger()).bookings).toEqual([{ orderId: 'lost-1' }]); // the same booking, not a second one
  });

  it('asks the carrier nothing for a shipment voided before its first attempt', async () => {
    await ctx.store.transaction((tx) =>
      requestShipping(ctx, tx, { orderId: 'early-1', address, lines: [{ sku: 'MUG', quantity: 1, unitPriceCents: 1250 }] }, route),
    );
    await ctx.store.transaction((tx) => cancelShipment(ctx, tx, { orderId: 'early-1', reason: 'compensating' }, route));
    await record(await worker()(item('early-1', 1)));
    const { state } = await loadAggregate(ctx.store, shipmentStreamId('early-1'), shipmentDecider);
    expect(state.status).toBe('failed');
    expect((await ledger()).bookings.filter((b) => b.orderId === 'early-1')).toEqual([]);
  });
});
