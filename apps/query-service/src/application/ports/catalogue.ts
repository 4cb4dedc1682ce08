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

export interface CatalogueWriter {
  saveProducts(products: ProductRecord[]): Promise<void>;
  addRestocks(restocks: Restock[]): Promise<void>;
  /** The status of each of these holds that exists (by holdKeyOf), locked until the transaction ends. */
  holdStatuses(keys: HoldKey[]): Promise<Map<string, HoldStatus>>;
  saveHolds(holds: Hold[]): Promise<void>;
}

export interface CatalogueReader {
  list(): Promise<Availability[]>;
  find(sku: string): Promise<Availability | undefined>;
}
