// The ports the catalogue use cases need: a writer bound to the transaction a fact is projected in,
// and a reader for queries.
import type { Availability, Hold, HoldStatus, ProductRecord } from '../../domain/catalogue';

export interface CatalogueWriter {
  saveProduct(product: ProductRecord): Promise<void>;
  /** Records a restock under its fact's id: the same fact twice is one restock. */
  addRestock(factId: string, sku: string, quantity: number): Promise<void>;
  holdStatus(orderId: string, sku: string): Promise<HoldStatus | undefined>;
  saveHold(hold: Hold): Promise<void>;
}

export interface CatalogueReader {
  list(): Promise<Availability[]>;
  find(sku: string): Promise<Availability | undefined>;
}
