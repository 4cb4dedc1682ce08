// Reserving, releasing and committing an order's stock, in the caller's transaction: lock the order's
// reservation and its products (sorted), load them, decide, append to every stream touched. The
// locks make racing orders for the last units queue rather than fail; the expected versions still
// guard every append.
import { loadAggregate, lockStreams, snapshotIfDue, type DomainEvent, type EventStore, type LoadedAggregate, type Transaction } from '@eventshop/event-store';
import { evolveProduct, initialProductState, productStreamId, type ProductState } from '../domain/product';
import { evolveReservation, initialReservationState, reservationStreamId, type OrderReservationState } from '../domain/order-reservation';
import { decideReservation, skusTouchedBy, type ReservationCommand, type ReservationDecision } from '../domain/order-reservation.decide';
import { productSnapshots } from './product-snapshots';

const products = { evolve: evolveProduct, initialState: initialProductState };
const reservations = { evolve: evolveReservation, initialState: initialReservationState };

export interface OrderStockOutcome {
  /** The order's reservation after the command (holds the answer, also for a repeated command). */
  reservation: OrderReservationState;
  decision: ReservationDecision;
}

export async function handleOrderStock(store: EventStore, tx: Transaction, command: ReservationCommand): Promise<OrderStockOutcome> {
  const reservationId = reservationStreamId(command.orderId);
  await lockStreams(tx, [reservationId]);
  const reservation = await loadAggregate(store, reservationId, reservations, undefined, tx);
  const skus = skusTouchedBy(command, reservation.state);
  await lockStreams(tx, skus.map(productStreamId));
  const loaded: Record<string, LoadedAggregate<ProductState>> = {};
  for (const sku of skus) loaded[sku] = await loadAggregate(store, productStreamId(sku), products, productSnapshots, tx);

  const decision = decideReservation(command, reservation.state, Object.fromEntries(skus.map((sku) => [sku, loaded[sku].state])));
  for (const [sku, events] of Object.entries(decision.products)) {
    const before = loaded[sku];
    await append(store, tx, productStreamId(sku), events, before.version);
    const after = { state: events.reduce(evolveProduct, before.state), version: before.version + events.length };
    await snapshotIfDue(store, productStreamId(sku), before, after, productSnapshots, tx);
  }
  await append(store, tx, reservationId, decision.reservation, reservation.version);
  return { reservation: decision.reservation.reduce(evolveReservation, reservation.state), decision };
}

async function append(store: EventStore, tx: Transaction, streamId: string, events: DomainEvent[], expectedVersion: number) {
  if (events.length > 0) await store.appendToStream(streamId, events, { expectedVersion, tx });
}
