// The ports the catalogue use cases need: a writer bound to the transaction a batch of facts is
// projected in, and a reader for queries.
import type { Availability, Hold, HoldStatus, ProductRecord } from '../../domain/catalogue';

export interface Restock {
  /** The fact's id: the same fact twice is one restock. */
  factId: string;
  sku: string;
  quantity: number;
}

export type HoldKey = Pick<Hold, 'orderId' | 'sku'>;

/** How holds are told apart in the maps below. */
export const holdKeyOf = ({ orderId, sku }: HoldKey) => `${orderId}\u0000${sku}`;

/** What a batch of facts changes in the stock figures, written together with the SKUs' totals they change. */
export interface StockChanges {
  /** Restocks, each counted in its SKU's total only the first time its fact is seen. */
  restocks: Restock[];
  /** The holds that moved, as they are to be: each counted in its SKU's totals only if it is new or moves on from reserved when written. */
  holds: Hold[];
}

export interface CatalogueWriter {
  saveProducts(products: ProductRecord[]): Promise<void>;
  /** The status of each of these holds that exists (by holdKeyOf), locked until the transaction ends. */
  holdStatuses(keys: HoldKey[]): Promise<Map<string, HoldStatus>>;
  saveStockChanges(changes: StockChanges): Promise<void>;
}

export interface CatalogueReader {
  list(): Promise<Availability[]>;
  find(sku: string): Promise<Availability | undefined>;
}
