// The catalogue as the read side shows it: per SKU, its name and price and how much is available,
// reserved and committed. Facts arrive on two keys of one topic (products by SKU, orders' holds by
// order id), so on different partitions in any relative order, and the relay may publish one twice.
// So nothing here is a running counter: a product keeps what it was created with and each restock by
// the fact's id, each order keeps one hold per SKU that only moves forward (reserved -> released or
// committed), and the figures are sums over those — the same whatever the order or the copies.
import type { QueryApi } from '@eventshop/contracts';

export type HoldStatus = 'reserved' | 'released' | 'committed';

export interface ProductRecord {
  sku: string;
  name: string;
  priceCents: number;
  createdQuantity: number;
}

export interface Hold {
  orderId: string;
  sku: string;
  quantity: number;
  status: HoldStatus;
}

/** Whether a hold may move from `from` to `to`: only forward, and a copy of the same move changes nothing. */
export function holdMoves(from: HoldStatus | undefined, to: HoldStatus): boolean {
  if (from === undefined) return to === 'reserved';
  return from === 'reserved' && to !== 'reserved';
}

/** A SKU's figures as the read API answers them (libs/contracts query-api). */
export type Availability = QueryApi.Availability;

/** A SKU's figures from its record, its restocks and the holds on it. */
export function availabilityOf(sku: string, product: ProductRecord | undefined, restocked: number, holds: Pick<Hold, 'quantity' | 'status'>[]): Availability {
  const sum = (status: HoldStatus) => holds.filter((h) => h.status === status).reduce((total, h) => total + h.quantity, 0);
  const reserved = sum('reserved');
  const committed = sum('committed');
  const stocked = (product?.createdQuantity ?? 0) + restocked;
  return { sku, name: product?.name, priceCents: product?.priceCents, available: stocked - reserved - committed, reserved, committed };
}
