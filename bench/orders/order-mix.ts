// The orders bench:orders and bench:profile place: a mix of the saga's paths on 10 SKUs.
import type { OrderRequest } from '@eventshop/stack';

export const benchSkus = Array.from({ length: 10 }, (_, i) => `BENCH-${i}`);
/** What each SKU is stocked with before the run (SOLD-OUT: nothing, so its orders are compensated). */
export const benchStock: Record<string, number> = { ...Object.fromEntries(benchSkus.map((sku) => [sku, 1_000_000])), 'SOLD-OUT': 0 };

/** The mix of paths: 85 % complete, 5 % out of stock, 5 % declined, 5 % refused by the carrier. */
export function orderOf(i: number): OrderRequest {
  const items = [{ sku: benchSkus[i % benchSkus.length], quantity: 1 + (i % 3) }];
  switch (i % 20) {
    case 3:
      return { items: [{ sku: 'SOLD-OUT', quantity: 1 }] };
    case 7:
      return { items, token: 'tok_decline' };
    case 11:
      return { items, country: 'AQ' };
    default:
      return { items };
  }
}
