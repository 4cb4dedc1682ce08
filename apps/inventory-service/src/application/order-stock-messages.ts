// What inventory tells the world about an order's stock: the saga's reply, and public facts on
// inventory.events for read models. Built from the decision and validated against the contracts.
import { envelopeOf, Facts, Replies, type EnvelopeOptions } from '@eventshop/contracts';
import type { OutboxMessage } from '@eventshop/messaging';
import { totalCents, type OrderReservationEvent } from '../domain/order-reservation';
import type { InventoryTopics } from './inventory-topics';
import type { OrderStockOutcome } from './order-stock';
import type { ReservationCommand } from '../domain/order-reservation.decide';

/** The saga reply to an order-stock command; the same command always gets the same reply. */
export function orderStockReply(command: ReservationCommand, outcome: OrderStockOutcome, topics: InventoryTopics, options: EnvelopeOptions): OutboxMessage {
  const { orderId } = command;
  const { reservation } = outcome;
  const reply = (() => {
    switch (command.type) {
      case 'ReserveOrderStock':
        return reservation.status === 'rejected' || reservation.status === 'voided'
          ? envelopeOf(
              Replies.StockReservationFailed,
              { orderId, reason: reservation.rejection?.reason ?? 'the reservation was cancelled', sku: reservation.rejection?.sku },
              options,
            )
          : envelopeOf(Replies.StockReserved, { orderId, lines: reservation.lines, totalCents: totalCents(reservation.lines) }, options);
      case 'ReleaseOrderStock':
        return envelopeOf(Replies.StockReleased, { orderId }, options);
      case 'CommitOrderStock':
        return envelopeOf(Replies.StockCommitted, { orderId }, options);
    }
  })();
  return { topic: topics.replies, key: orderId, envelope: reply };
}

/** Public facts for an order's reservation events (keyed by order id). */
export function orderStockFacts(outcome: OrderStockOutcome, topics: InventoryTopics, options: EnvelopeOptions): OutboxMessage[] {
  const lines = outcome.reservation.lines;
  return outcome.decision.reservation.flatMap((event: OrderReservationEvent) => {
    const { orderId } = event.data;
    const plain = lines.map(({ sku, quantity }) => ({ sku, quantity }));
    const envelope =
      event.type === 'OrderStockReserved'
        ? envelopeOf(Facts.InventoryReserved, { orderId, lines: event.data.lines }, options)
        : event.type === 'OrderStockReleased'
          ? envelopeOf(Facts.InventoryReleased, { orderId, lines: plain }, options)
          : event.type === 'OrderStockCommitted'
            ? envelopeOf(Facts.InventoryCommitted, { orderId, lines: plain }, options)
            : undefined;
    return envelope ? [{ topic: topics.events, key: orderId, envelope }] : [];
  });
}
