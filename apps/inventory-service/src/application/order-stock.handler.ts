// Reserving, releasing and committing an order's stock, in the caller's transaction: lock the order's
// reservation and its products (sorted), load them, decide, append to every stream touched. The
// locks make racing orders for the last units queue rather than fail; the expected versions still
// guard every append.
import { loadAggregate, lockStreams, type DomainEvent, type EventStore, type Transaction } from '@eventshop/event-store';
import { evolveProduct, initialProductState, productStreamId, type ProductState } from '../domain/product';
import { evolveReservation, initialReservationState, reservationStreamId, type OrderReservationState } from '../domain/order-reservation';
import { decideReservation, skusTouchedBy, type ReservationCommand, type ReservationDecision } from '../domain/order-reservation.decide';

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
  const states: Record<string, ProductState> = {};
  const versions: Record<string, number> = {};
  for (const sku of skus) {
    const loaded = await loadAggregate(store, productStreamId(sku), products, undefined, tx);
    states[sku] = loaded.state;
    versions[sku] = loaded.version;
  }

  const decision = decideReservation(command, reservation.state, states);
  for (const [sku, events] of Object.entries(decision.products)) {
    await append(store, tx, productStreamId(sku), events, versions[sku]);
  }
  await append(store, tx, reservationId, decision.reservation, reservation.version);
  return { reservation: decision.reservation.reduce(evolveReservation, reservation.state), decision };
}

async function append(store: EventStore, tx: Transaction, streamId: string, events: DomainEvent[], expectedVersion: number) {
  if (events.length > 0) await store.appendToStream(streamId, events, { expectedVersion, tx });
}
