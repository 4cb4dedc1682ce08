// Reserving, releasing and committing orders' stock, in the caller's transaction — a batch of saga
// commands at once: lock the orders' reservations, load them, lock every product any of them may
// touch, load those, decide each command in turn against what the ones before it decided, append to
// every stream touched in one statement. Locks are taken in two calls, reservations then products,
// each sorted by key: a transaction holding products never waits for a reservation, and within each
// call every transaction takes the same order — so racing batches queue and never deadlock. The
// expected versions still guard every append.
import {
  loadAggregate,
  loadStreams,
  lockStreams,
  snapshotIfDue,
  type EventStore,
  type LoadedAggregate,
  type StreamAppend,
  type Transaction,
} from '@eventshop/event-store';
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

/** One command on one order's stock, in the caller's transaction. */
export async function handleOrderStock(store: EventStore, tx: Transaction, command: ReservationCommand): Promise<OrderStockOutcome> {
  const [outcome] = await handleOrderStockBatch(store, tx, [command]);
  return outcome;
}

/** A batch of commands on orders' stock, in order, in the caller's transaction; an order named twice sees its first command. */
export async function handleOrderStockBatch(store: EventStore, tx: Transaction, commands: ReservationCommand[]): Promise<OrderStockOutcome[]> {
  const reservationIds = commands.map((c) => reservationStreamId(c.orderId));
  await lockStreams(tx, reservationIds);
  const reservations = await loadStreams(store, reservationIds, orderReservationDecider, tx);
  const reservationOf = (orderId: string) => {
    const reservation = reservations.get(reservationStreamId(orderId));
    if (!reservation) throw new Error(`reservation of ${orderId} was not loaded`);
    return reservation;
  };
  // Whatever a command may touch: a reservation's lines, or what the order holds. An order named
  // twice is covered by both of its commands' SKUs (a release after a reserve releases the reserved).
  const skus = [...new Set(commands.flatMap((c) => skusTouchedBy(c, reservationOf(c.orderId).state)))];
  await lockStreams(tx, skus.map(productStreamId));
  const products = new Map<string, { loaded: LoadedAggregate<ProductState>; state: ProductState; events: ReservationDecision['products'][string] }>();
  for (const sku of skus) {
    const loaded = await loadAggregate(store, productStreamId(sku), productDecider, productSnapshots, tx);
    products.set(sku, { loaded, state: loaded.state, events: [] });
  }
  const reservationEvents = new Map<string, ReservationDecision['reservation']>();

  const outcomes = commands.map((command): OrderStockOutcome => {
    const reservation = reservationOf(command.orderId);
    const touched = skusTouchedBy(command, reservation.state);
    const decision = orderReservationDecider.decide(command, reservation.state, Object.fromEntries(touched.map((sku) => [sku, productOf(sku).state])));
    for (const [sku, events] of Object.entries(decision.products)) {
      const product = productOf(sku);
      product.state = events.reduce(productDecider.evolve, product.state);
      product.events.push(...events);
    }
    reservation.state = decision.reservation.reduce(orderReservationDecider.evolve, reservation.state);
    reservationEvents.set(command.orderId, [...(reservationEvents.get(command.orderId) ?? []), ...decision.reservation]);
    return { reservation: reservation.state, decision };
  });

  const appends: StreamAppend[] = [
    ...[...products].map(([sku, p]) => ({ streamId: productStreamId(sku), events: p.events, expectedVersion: p.loaded.version })),
    ...[...reservationEvents].map(([orderId, events]) => ({
      streamId: reservationStreamId(orderId),
      events,
      expectedVersion: reservationOf(orderId).version,
    })),
  ].filter((a) => a.events.length > 0);
  await store.appendToStreams(appends, tx);
  for (const [sku, { loaded, state, events }] of products) {
    if (events.length > 0) await snapshotIfDue(store, productStreamId(sku), loaded, { state, version: loaded.version + events.length }, productSnapshots, tx);
  }
  return outcomes;

  function productOf(sku: string) {
    const product = products.get(sku);
    if (!product) throw new Error(`product ${sku} was not locked and loaded`);
    return product;
  }
}
