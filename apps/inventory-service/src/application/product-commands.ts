// Creating and restocking products: the generic load-decide-append, with the public facts written to
// the outbox in the same transaction.
import { DomainError, handleCommand, loadAggregate, type EventStore } from '@eventshop/event-store';
import type { Outbox } from '@eventshop/messaging';
import { productExists, productStreamId, type ProductEvent, type ProductState } from '../domain/product';
import { productDecider, type ProductCommand } from '../domain/product.decide';
import type { InventoryTopics } from './inventory-topics';
import { productFacts } from './product-facts';
import { productSnapshots } from './product-snapshots';

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
