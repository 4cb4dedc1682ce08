// Reserving, releasing and committing orders' stock, in the caller's transaction — a batch of saga
// commands at once: lock the orders' reservations, load them, lock every product any of them may
// touch, load those, decide each command in turn against what the ones before it decided, append to
// every stream touched in one statement. Locks are taken in two calls, reservations then products,
// each sorted by key: a transaction holding products never waits for a reservation, and within each
// call every transaction takes the same order — so racing batches queue and never deadlock. The
// expected versions still guard every append.
import {
  AggregateBatch,
  loadAggregates,
  loadStreams,
  lockStreams,
  snapshotIfDue,
  type EventStore,
  type LoadedAggregate,
  type Transaction,
} from '@eventshop/event-store';
import { productStreamId, type ProductEvent, type ProductState } from '../domain/product';
import { productDecider } from '../domain/product.decide';
import { reservationStreamId, type OrderReservationState } from '../domain/order-reservation';
import { orderReservationDecider, skusTouchedBy, type ReservationCommand, type ReservationDecision } from '../domain/order-reservation.decide';
import { productSnapshots, productStates } from './product-snapshots';

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
  const reservations = new AggregateBatch(orderReservationDecider.evolve, await loadStreams(store, reservationIds, orderReservationDecider, tx));
  // Whatever a command may touch: a reservation's lines, or what the order holds. An order named
  // twice is covered by both of its commands' SKUs (a release after a reserve releases the reserved).
  const skus = [...new Set(commands.flatMap((c) => skusTouchedBy(c, reservations.state(reservationStreamId(c.orderId)))))];
  const productIds = skus.map(productStreamId);
  await lockStreams(tx, productIds);
  // Every product in one statement, each from the state this process last loaded (or its snapshot).
  const cache = productStates(store);
  const products = new AggregateBatch<ProductEvent, ProductState, LoadedAggregate<ProductState>>(
    productDecider.evolve,
    await loadAggregates(store, productIds, productDecider, { snapshots: productSnapshots, cache, tx }),
  );

  const outcomes = commands.map((command): OrderStockOutcome => {
    const reservationId = reservationStreamId(command.orderId);
    const touched = skusTouchedBy(command, reservations.state(reservationId));
    const stock = Object.fromEntries(touched.map((sku) => [sku, products.state(productStreamId(sku))]));
    const decision = orderReservationDecider.decide(command, reservations.state(reservationId), stock);
    for (const [sku, events] of Object.entries(decision.products)) products.apply(productStreamId(sku), events);
    return { reservation: reservations.apply(reservationId, decision.reservation).state, decision };
  });

  await store.appendToStreams([...products.appends(), ...reservations.appends()], tx);
  for (const streamId of products.changed()) {
    const after = { state: products.state(streamId), version: products.version(streamId) };
    await snapshotIfDue(store, streamId, products.loaded(streamId), after, productSnapshots, { tx, cache });
  }
  return outcomes;
}
