// An order as the read side shows it: a fold over its facts. Facts about one order come from three
// topics in any relative order (each topic keeps its own order per order id), so every part of the
// summary is written by one topic only — the order's status and lines by order.events, the payment by
// payment.events, the shipment by shipping.events — and the result is the same for every interleaving.
// Every fact's effect is idempotent too: the outbox relay may publish a fact twice (a new offset, the
// same message id), which the checkpoint of offsets cannot recognise.
import type { QueryApi } from '@eventshop/contracts';
import type { TimedOrderFact } from './order-facts';

/** The summary is the read API's order (libs/contracts query-api): what is folded here is what is answered. */
export type OrderSummary = QueryApi.OrderSummary;
export type OrderStatus = QueryApi.OrderStatus;

export const emptyOrderSummary = (orderId: string): OrderSummary => ({ orderId, items: [] });

export function evolveOrderSummary(summary: OrderSummary, fact: TimedOrderFact): OrderSummary {
  const next = applyFact(summary, fact);
  return { ...next, lastEventAt: !summary.lastEventAt || fact.occurredAt > summary.lastEventAt ? fact.occurredAt : summary.lastEventAt };
}

function applyFact(summary: OrderSummary, fact: TimedOrderFact): OrderSummary {
  switch (fact.type) {
    case 'OrderPlaced': {
      const prices = new Map(summary.items.map((i) => [i.sku, i.unitPriceCents]));
      const items = fact.data.lines.map((l) => ({ ...l, unitPriceCents: prices.get(l.sku) }));
      return { ...summary, customerId: fact.data.customerId, status: summary.status ?? 'PENDING', items, placedAt: fact.occurredAt };
    }
    case 'OrderPriced':
      return { ...summary, items: fact.data.lines, totalCents: fact.data.totalCents };
    case 'OrderCompleted':
      return { ...summary, status: 'COMPLETED', totalCents: fact.data.totalCents };
    case 'OrderCompensated':
      return { ...summary, status: 'COMPENSATED', failureReason: fact.data.reason };
    case 'OrderCompensationFailed':
      return { ...summary, status: 'COMPENSATION_FAILED', failureReason: fact.data.reason };
    case 'OrderSagaProgressed':
      return summary; // the timeline's, not the summary's
    case 'PaymentCharged': {
      const { amountCents, provider, providerReference } = fact.data;
      return { ...summary, payment: { status: 'charged', amountCents, provider, providerReference, refundedCents: summary.payment?.refundedCents ?? 0 } };
    }
    case 'PaymentDeclined':
      return { ...summary, payment: { status: 'declined', amountCents: fact.data.amountCents, refundedCents: 0, reason: fact.data.reason } };
    case 'PaymentRefundIssued': {
      // A payment is refunded whole, once: the refund's amount is the refunded total (so a copy changes nothing).
      const payment = summary.payment ?? { status: 'charged' as const, amountCents: fact.data.amountCents, refundedCents: 0 };
      return { ...summary, payment: { ...payment, refundedCents: fact.data.amountCents } };
    }
    case 'ShipmentBooked':
      return { ...summary, shipment: { status: 'booked', trackingId: fact.data.trackingId } };
    case 'ShipmentRefused':
      return { ...summary, shipment: { status: 'refused', reason: fact.data.reason } };
    case 'ShipmentCancelledByOrder':
      return { ...summary, shipment: { ...summary.shipment, status: 'cancelled', reason: fact.data.reason } };
    default:
      return unknownFact(fact);
  }
}

function unknownFact(fact: never): never {
  throw new Error(`the order summary has no rule for ${JSON.stringify(fact)}`);
}
