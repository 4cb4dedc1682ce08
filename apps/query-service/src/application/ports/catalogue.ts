// The ports the catalogue use cases need: a writer bound to the transaction a batch of facts is
// projected in, and a reader for queries.
import type { Availability, Hold, ProductRecord, StockTotals } from '../../domain/catalogue';

export interface Restock {
  /** The fact's id: the same fact twice is one restock. */
  factId: string;
  sku: string;
  quantity: number;
}

export type HoldKey = Pick<Hold, 'orderId' | 'sku'>;

/** How holds are told apart in the maps below. */
export const holdKeyOf = ({ orderId, sku }: HoldKey) => `${orderId}\u0000${sku}`;

/** A change to one SKU's reserved and committed totals, from the holds on it that moved. */
export interface HoldTotalsChange extends Omit<StockTotals, 'restocked'> {
  sku: string;
}

/** What a batch of facts changes in the stock figures, written together. */
export interface StockChanges {
  /** Restocks, each counted in its SKU's total only the first time its fact is seen. */
  restocks: Restock[];
  /** The holds that moved, as they are now. */
  holds: Hold[];
  /** What those moves change in their SKUs' totals. */
  holdTotals: HoldTotalsChange[];
}

export interface CatalogueWriter {
  saveProducts(products: ProductRecord[]): Promise<void>;
  /** Each of these holds that exists (by holdKeyOf), locked until the transaction ends. */
  holds(keys: HoldKey[]): Promise<Map<string, Hold>>;
  saveStockChanges(changes: StockChanges): Promise<void>;
}

export interface CatalogueReader {
  list(): Promise<Availability[]>;
  find(sku: string): Promise<Availability | undefined>;
}
