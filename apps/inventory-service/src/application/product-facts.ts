// What inventory tells the world about its catalogue: public facts on inventory.events, keyed by SKU.
import { envelopeOf, Facts, type EnvelopeOptions } from '@eventshop/contracts';
import type { RecordedEvent } from '@eventshop/event-store';
import type { OutboxMessage } from '@eventshop/messaging';
import type { ProductEvent } from '../domain/product';
import type { InventoryTopics } from './inventory-topics';

/** Public facts for a product's catalogue events (keyed by SKU). */
export function productFacts(events: RecordedEvent<ProductEvent>[], topics: InventoryTopics, options: EnvelopeOptions): OutboxMessage[] {
  return events.flatMap((event) => {
    const envelope =
      event.type === 'ProductCreated'
        ? envelopeOf(Facts.ProductCreated, event.data as Extract<ProductEvent, { type: 'ProductCreated' }>['data'], options)
        : event.type === 'ProductRestocked'
          ? envelopeOf(Facts.ProductRestocked, event.data as Extract<ProductEvent, { type: 'ProductRestocked' }>['data'], options)
          : undefined;
    return envelope ? [{ topic: topics.events, key: (event.data as { sku: string }).sku, envelope }] : [];
  });
}
