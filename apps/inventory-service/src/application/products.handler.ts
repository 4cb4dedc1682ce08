// Creating and restocking products: the generic load-decide-append, with the public facts written to
// the outbox in the same transaction.
import { handleCommand, loadAggregate, type EventStore, type SnapshotPolicy } from '@eventshop/event-store';
import type { Outbox } from '@eventshop/messaging';
import { evolveProduct, initialProductState, productExists, productStreamId, type ProductEvent, type ProductState } from '../domain/product';
import { decideProduct, type ProductCommand } from '../domain/product.decide';
import type { InventoryTopics } from './inventory-topics';
import { productFacts } from './outgoing-messages';
import { DomainError } from '@eventshop/event-store';

export const productDecider = { decide: decideProduct, evolve: evolveProduct, initialState: initialProductState };

/** A product's stream grows with every order that touches it; loading starts from a recent snapshot. */
export const productSnapshots: SnapshotPolicy<ProductState> = { schemaVersion: 1, everyEvents: 100 };

export async function handleProductCommand(
  store: EventStore,
  outbox: Outbox,
  topics: InventoryTopics,
  command: Extract<ProductCommand, { type: 'CreateProduct' | 'RestockProduct' }>,
): Promise<ProductState> {
  const result = await handleCommand<ProductCommand, ProductEvent, ProductState>(store, {
    streamId: productStreamId(command.sku),
    decider: productDecider,
    command,
    snapshots: productSnapshots,
    inTransaction: (tx, { events }) => outbox.enqueue(tx, productFacts(events, topics, { correlationId: productStreamId(command.sku) })),
  });
  return result.state;
}

export interface StockView {
  sku: string;
  name: string;
  priceCents: number;
  available: number;
  reserved: number;
  committed: number;
}

/** The stock of one SKU, read from the write model. */
export async function stockOf(store: EventStore, sku: string): Promise<StockView> {
  const { state } = await loadAggregate(store, productStreamId(sku), productDecider, productSnapshots);
  if (!productExists(state)) throw new DomainError('not-found', `no product ${sku}`, { sku });
  const { name, priceCents, available, reserved, committed } = state;
  return { sku, name, priceCents, available, reserved, committed };
}
