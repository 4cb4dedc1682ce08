// Reserving, releasing and committing an order's stock: one decision over the order's reservation and
// the products of its lines. All lines or none: if any product refuses, no product event is produced
// and the refusal itself is recorded (the same command later gets the same answer). The reservation is
// what makes each order's command count once: a repeated command finds it decided and no product moves.
import { DomainError } from '@eventshop/event-store';
import { canReserve, initialProductState, type ProductEvent, type ProductState } from './product';
import { decideProduct } from './product.decide';
import { evolveReservation, initialReservationState, type OrderReservationEvent, type OrderReservationState } from './order-reservation';

export type ReservationCommand =
  | { type: 'ReserveOrderStock'; orderId: string; lines: { sku: string; quantity: number }[] }
  | { type: 'ReleaseOrderStock'; orderId: string }
  | { type: 'CommitOrderStock'; orderId: string };

export interface ReservationDecision {
  reservation: OrderReservationEvent[];
  products: Record<string, ProductEvent[]>;
}

/** The SKUs whose products a command needs, sorted (the order locks are taken in, to avoid deadlocks). */
export function skusTouchedBy(command: ReservationCommand, reservation: OrderReservationState): string[] {
  const skus = command.type === 'ReserveOrderStock' ? command.lines.map((l) => l.sku) : reservation.lines.map((l) => l.sku);
  return [...new Set(skus)].sort();
}

export function decideReservation(
  command: ReservationCommand,
  reservation: OrderReservationState,
  products: Record<string, ProductState>,
): ReservationDecision {
  const { orderId } = command;
  const nothing: ReservationDecision = { reservation: [], products: {} };
  switch (command.type) {
    case 'ReserveOrderStock': {
      if (reservation.status === 'voided') {
        return {
          reservation: [{ type: 'OrderStockRejected', data: { orderId, reason: 'the order was cancelled before its stock was reserved' } }],
          products: {},
        };
      }
      if (reservation.status !== 'none') return nothing; // already decided: the state holds the answer
      return reserveAll(command, products);
    }
    case 'ReleaseOrderStock':
      if (reservation.status === 'none') return { reservation: [{ type: 'OrderReservationVoided', data: { orderId } }], products: {} };
      if (reservation.status !== 'reserved') {
        if (reservation.status === 'committed') throw new DomainError('conflict', `the stock of order ${orderId} has already left`);
        return nothing;
      }
      return forEachLine(reservation, products, (sku, quantity) => ({ type: 'ReleaseStock', sku, orderId, quantity }), {
        type: 'OrderStockReleased',
        data: { orderId },
      });
    case 'CommitOrderStock':
      if (reservation.status === 'committed') return nothing;
      if (reservation.status !== 'reserved') throw new DomainError('conflict', `order ${orderId} holds no reserved stock (${reservation.status})`);
      return forEachLine(reservation, products, (sku, quantity) => ({ type: 'CommitStock', sku, orderId, quantity }), {
        type: 'OrderStockCommitted',
        data: { orderId },
      });
    default:
      return unknownCommand(command);
  }
}

function unknownCommand(command: never): never {
  throw new Error(`unknown reservation command ${JSON.stringify(command)}`);
}

function reserveAll(command: Extract<ReservationCommand, { type: 'ReserveOrderStock' }>, products: Record<string, ProductState>): ReservationDecision {
  const { orderId } = command;
  const quantities = new Map<string, number>();
  for (const line of command.lines) quantities.set(line.sku, (quantities.get(line.sku) ?? 0) + line.quantity);
  // All lines or none: the first product that cannot hold its line rejects the whole order.
  for (const [sku, quantity] of quantities) {
    const check = canReserve(products[sku] ?? initialProductState(), sku, quantity);
    if (!check.ok) return { reservation: [{ type: 'OrderStockRejected', data: { orderId, reason: check.reason, sku } }], products: {} };
  }
  const decided: Record<string, ProductEvent[]> = {};
  for (const [sku, quantity] of quantities) decided[sku] = decideProduct({ type: 'ReserveStock', sku, orderId, quantity }, products[sku]);
  const lines = [...quantities].map(([sku, quantity]) => ({ sku, quantity, unitPriceCents: products[sku].priceCents }));
  return { reservation: [{ type: 'OrderStockReserved', data: { orderId, lines } }], products: decided };
}

function forEachLine(
  reservation: OrderReservationState,
  products: Record<string, ProductState>,
  command: (sku: string, quantity: number) => Parameters<typeof decideProduct>[0],
  done: OrderReservationEvent,
): ReservationDecision {
  const decided: Record<string, ProductEvent[]> = {};
  for (const line of reservation.lines) decided[line.sku] = decideProduct(command(line.sku, line.quantity), products[line.sku] ?? initialProductState());
  return { reservation: [done], products: decided };
}

/**
 * The order reservation as one decider. Its decide takes the products of the order's lines as well
 * (a decision over several streams), so application/order-stock.ts loads and appends them itself
 * instead of through the event store's single-stream command handler.
 */
export const orderReservationDecider = { decide: decideReservation, evolve: evolveReservation, initialState: initialReservationState };
