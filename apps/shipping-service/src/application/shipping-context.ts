// What the shipping use cases work with: the event store, the outbox and the service's topics.
import type { EventStore } from '@eventshop/event-store';
import type { Outbox } from '@eventshop/messaging';
import type { ShippingTopics } from './shipping-topics';

export interface ShippingContext {
  store: EventStore;
  outbox: Outbox;
  topics: ShippingTopics;
}
