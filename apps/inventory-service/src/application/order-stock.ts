// Reserving, releasing and committing an order's stock, in the caller's transaction: lock the order's
// reservation and its products (sorted), load them, decide, append to every stream touched. The
// locks make racing orders for the last units queue rather than fail; the expected versions still
// guard every append.
import { loadAggregate, lockStreams, snapshotIfDue, type DomainEvent, type EventStore, type LoadedAggregate, type Transaction } from '@eventshop/event-store';
import { productStreamId, type ProductState } from '../domain/product';
import { productDecider } from '../domain/product.decide';
import { reservationStreamId, type OrderReservationState } from '../domain/order-reservation';
import { orderReservationDecider, skusTouchedBy, type ReservationCommand, type ReservationDecision } from '../domain/order-reservation.decide';
import { productSnapshots } from './product-snapshots';

export interface OrderStockOutcome {
  /** The order's reservation after the command (holds the answer, also for a repeated command). */
  reservation: OrderReservationState;
  decision: ReservationDecision;
}

export async function handleOrderStock(store: EventStore, tx: Transaction, command: ReservationCommand): Promise<OrderStockOutcome> {
  const reservationId = reservationStreamId(command.orderId);
  await lockStreams(tx, [reservationId]);
  const reservation = await loadAggregate(store, reservationId, orderReservationDecider, undefined, tx);
  const skus = skusTouchedBy(command, reservation.state);
  await lockStreams(tx, skus.map(productStreamId));
  const loaded: Record<string, LoadedAggregate<ProductState>> = {};
  for (const sku of skus) loaded[sku] = await loadAggregate(store, productStreamId(sku), productDecider, productSnapshots, tx);

  const decision = orderReservationDecider.decide(command, reservation.state, Object.fromEntries(skus.map((sku) => [sku, loaded[sku].state])));
  for (const [sku, events] of Object.entries(decision.products)) {
    const before = loaded[sku];
    await append(store, tx, productStreamId(sku), events, before.version);
    const after = { state: events.reduce(productDecider.evolve, before.state), version: before.version + events.length };
    await snapshotIfDue(store, productStreamId(sku), before, after, productSnapshots, tx);
  }
  await append(store, tx, reservationId, decision.reservation, reservation.version);
  return { reservation: decision.reservation.reduce(orderReservationDecider.evolve, reservation.state), decision };
}

async function append(store: EventStore, tx: Transaction, streamId: string, events: DomainEvent[], expectedVersion: number) {
  if (events.length > 0) await store.appendToStream(streamId, events, { expectedVersion, tx });
}
