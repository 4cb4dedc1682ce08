// The invariants the dashboard checks continuously from the read side alone: across the services,
// stock, money and shipments are conserved by every order that has settled. Each service's facts are
// projected on their own (inventory's holds, the payment and the shipment on the order summary), so
// this is where they meet: a COMPLETED order has its stock committed, its total charged and a
// shipment booked; a COMPENSATED order has no stock held, no money kept and no shipment standing.
// A breach names the order and what disagrees. Orders parked as COMPENSATION_FAILED wait for an
// operator and are counted apart, not judged.
import type { QueryApi } from '@eventshop/contracts';
import type { Availability, Hold } from './catalogue';

/** A settled order with everything the read side knows of it across the services. */
export interface SettledOrder {
  orderId: string;
  status: 'COMPLETED' | 'COMPENSATED';
  items: { sku: string; quantity: number }[];
  totalCents?: number;
  payment?: Pick<NonNullable<QueryApi.OrderSummary['payment']>, 'status' | 'amountCents' | 'refundedCents'>;
  shipment?: Pick<NonNullable<QueryApi.OrderSummary['shipment']>, 'status'>;
  holds: Pick<Hold, 'sku' | 'quantity' | 'status'>[];
}

export type InvariantName = QueryApi.InvariantCheck['name'];

/** The invariants, each with what it promises (as the dashboard shows it). */
export const invariantDescriptions: Record<InvariantName, string> = {
  stock: 'stock conserved: a completed order committed what it bought, a compensated one holds nothing, and no SKU is oversold',
  money: 'money conserved: a completed order was charged its total, a compensated one kept nothing (charges − refunds)',
  shipments: 'shipments conserved: a completed order has a shipment booked, a compensated one none standing',
};

/** How many breaches an answer names (the count says how many there are in all). */
const NAMED_BREACHES = 10;

/** What disagrees about the order's stock, if anything. */
export function stockBreach(order: SettledOrder): string | undefined {
  if (order.status === 'COMPENSATED') {
    const kept = order.holds.filter((h) => h.status !== 'released');
    return kept.length > 0 ? `${order.orderId}: compensated but ${kept.map((h) => `${h.quantity} ${h.sku} ${h.status}`).join(', ')}` : undefined;
  }
  const ordered = new Map<string, number>();
  for (const item of order.items) ordered.set(item.sku, (ordered.get(item.sku) ?? 0) + item.quantity);
  for (const [sku, quantity] of ordered) {
    const hold = order.holds.find((h) => h.sku === sku);
    if (hold?.status !== 'committed' || hold.quantity !== quantity) {
      return `${order.orderId}: completed with ${quantity} ${sku} ordered but ${hold ? `${hold.quantity} ${hold.status}` : 'none held'}`;
    }
  }
  return undefined;
}

/** What disagrees about the order's money, if anything. */
export function moneyBreach(order: SettledOrder): string | undefined {
  const kept = order.payment?.status === 'charged' ? order.payment.amountCents - order.payment.refundedCents : 0;
  const owed = order.status === 'COMPLETED' ? (order.totalCents ?? 0) : 0;
  return kept === owed ? undefined : `${order.orderId}: ${order.status.toLowerCase()} with ${kept} cents kept, ${owed} owed`;
}

/** What disagrees about the order's shipment, if anything. */
export function shipmentBreach(order: SettledOrder): string | undefined {
  const standing = order.shipment?.status === 'booked';
  if (order.status === 'COMPLETED' && !standing) return `${order.orderId}: completed with shipment ${order.shipment?.status ?? 'none'}`;
  if (order.status === 'COMPENSATED' && standing) return `${order.orderId}: compensated with a shipment still booked`;
  return undefined;
}

/** The three checks over the settled orders, stock also over the catalogue (no SKU below zero). */
export function judgeInvariants(orders: SettledOrder[], catalogue: Pick<Availability, 'sku' | 'available'>[]): QueryApi.InvariantCheck[] {
  const oversold = catalogue.filter((product) => product.available < 0);
  const check = (name: InvariantName, breaches: string[]): QueryApi.InvariantCheck => ({
    name,
    description: invariantDescriptions[name],
    holds: breaches.length === 0,
    breaches: breaches.length,
    examples: breaches.slice(0, NAMED_BREACHES),
  });
  const breachesOf = (judge: (order: SettledOrder) => string | undefined) => orders.map(judge).filter((b): b is string => b !== undefined);
  return [
    check('stock', [...oversold.map((s) => `${s.sku}: oversold (available ${s.available})`), ...breachesOf(stockBreach)]),
    check('money', breachesOf(moneyBreach)),
    check('shipments', breachesOf(shipmentBreach)),
  ];
}
