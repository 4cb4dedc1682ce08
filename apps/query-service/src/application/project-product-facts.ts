// Use case: a batch of inventory facts (one partition's, in offset order) into the catalogue —
// products' records, restocks, and orders' holds on stock moving forward, with the SKUs' totals they
// change — through a writer bound to the transaction their checkpoint commits in. Each hold is read
// once and written once per batch.
import { holdMoves, type Hold, type HoldStatus, type ProductRecord } from '../domain/catalogue';
import type { ProductFact } from '../domain/product-facts';
import { holdKeyOf, type CatalogueWriter, type Restock } from './ports/catalogue';

export interface IdentifiedProductFact {
  /** The fact's message id: a restock is recorded under it, so the same fact twice is one restock. */
  factId: string;
  fact: ProductFact;
}

const holdMovesOf = (fact: ProductFact): { orderId: string; lines: { sku: string; quantity: number }[]; to: HoldStatus } | undefined => {
  switch (fact.type) {
    case 'InventoryReserved':
      return { ...fact.data, to: 'reserved' };
    case 'InventoryReleased':
      return { ...fact.data, to: 'released' };
    case 'InventoryCommitted':
      return { ...fact.data, to: 'committed' };
    default:
      return undefined;
  }
};

export async function projectProductFacts(catalogue: CatalogueWriter, facts: IdentifiedProductFact[]): Promise<void> {
  const products = new Map<string, ProductRecord>();
  const restocks: Restock[] = [];
  for (const { factId, fact } of facts) {
    if (fact.type === 'ProductCreated') {
      const { sku, name, priceCents, quantity } = fact.data;
      products.set(sku, { sku, name, priceCents, createdQuantity: quantity });
    }
    if (fact.type === 'ProductRestocked') restocks.push({ factId, sku: fact.data.sku, quantity: fact.data.quantity });
  }

  const moves = facts.flatMap(({ fact }) => holdMovesOf(fact) ?? []);
  const keys = moves.flatMap(({ orderId, lines }) => lines.map(({ sku }) => ({ orderId, sku })));
  const statuses = keys.length > 0 ? await catalogue.holdStatuses(keys) : new Map<string, HoldStatus>();
  const moved = new Map<string, Hold>();
  for (const { orderId, lines, to } of moves) {
    for (const { sku, quantity } of lines) {
      const key = holdKeyOf({ orderId, sku });
      if (!holdMoves(statuses.get(key), to)) continue;
      statuses.set(key, to);
      moved.set(key, { orderId, sku, quantity, status: to });
    }
  }

  if (products.size > 0) await catalogue.saveProducts([...products.values()]);
  if (restocks.length > 0 || moved.size > 0) await catalogue.saveStockChanges({ restocks, holds: [...moved.values()] });
}
