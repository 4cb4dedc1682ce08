// Use case: one inventory fact into the catalogue — a product's record, a restock, or an order's hold
// on stock moving forward — through a writer bound to the transaction its checkpoint commits in.
import { holdMoves, type HoldStatus } from '../domain/catalogue';
import type { ProductFact } from '../domain/product-facts';
import type { CatalogueWriter } from './ports/catalogue';

export async function projectProductFact(catalogue: CatalogueWriter, fact: ProductFact, factId: string): Promise<void> {
  switch (fact.type) {
    case 'ProductCreated': {
      const { sku, name, priceCents, quantity } = fact.data;
      return catalogue.saveProduct({ sku, name, priceCents, createdQuantity: quantity });
    }
    case 'ProductRestocked':
      return catalogue.addRestock(factId, fact.data.sku, fact.data.quantity);
    case 'InventoryReserved':
      return moveHolds(catalogue, fact.data.orderId, fact.data.lines, 'reserved');
    case 'InventoryReleased':
      return moveHolds(catalogue, fact.data.orderId, fact.data.lines, 'released');
    case 'InventoryCommitted':
      return moveHolds(catalogue, fact.data.orderId, fact.data.lines, 'committed');
  }
}

async function moveHolds(catalogue: CatalogueWriter, orderId: string, lines: { sku: string; quantity: number }[], to: HoldStatus): Promise<void> {
  for (const { sku, quantity } of lines) {
    if (holdMoves(await catalogue.holdStatus(orderId, sku), to)) await catalogue.saveHold({ orderId, sku, quantity, status: to });
  }
}
