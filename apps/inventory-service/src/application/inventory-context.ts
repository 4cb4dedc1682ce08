// What the inventory use cases work with: the event store, the outbox and the service's topics.
import type { EventStore } from '@eventshop/event-store';
import type { Outbox } from '@eventshop/messaging';
import type { InventoryTopics } from './inventory-topics';

export interface InventoryContext {
  store: EventStore;
  outbox: Outbox;
  topics: InventoryTopics;
}
