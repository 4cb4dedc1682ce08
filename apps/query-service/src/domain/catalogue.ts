// The catalogue as the read side shows it: per SKU, its name and price and how much is available,
// reserved and committed. Facts arrive on two keys of one topic (products by SKU, orders' holds by
// order id), so on different partitions in any relative order, and the relay may publish one twice.
// So every figure is kept by what makes a copy harmless: a product keeps what it was created with,
// a restock counts once, under its fact's id, and each order keeps one hold per SKU that only moves
// forward (reserved -> released or committed). Each SKU's totals (restocked, reserved, committed)
// change only with a restock counted for the first time or a hold that moved, in the statement that
// records it: a copy moves nothing, so it changes no total, and reading a SKU reads one row however
// many orders it has seen.
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

/** What a SKU holds in its totals row: everything restocked, and its holds' quantities that are reserved and committed now. */
export interface StockTotals {
  restocked: number;
  reserved: number;
  committed: number;
}

export const noStockTotals: StockTotals = { restocked: 0, reserved: 0, committed: 0 };

/** A SKU's figures as the read API answers them (libs/contracts query-api). */
export type Availability = QueryApi.Availability;

/** A SKU's figures from its record and its totals. */
export function availabilityOf(sku: string, product: ProductRecord | undefined, totals: StockTotals): Availability {
  const stocked = (product?.createdQuantity ?? 0) + totals.restocked;
  return {
    sku,
    name: product?.name,
    priceCents: product?.priceCents,
    available: stocked - totals.reserved - totals.committed,
    reserved: totals.reserved,
    committed: totals.committed,
  };
}
