// What the payment use cases work with: the event store, the outbox and the service's topics.
import type { EventStore } from '@eventshop/event-store';
import type { Outbox } from '@eventshop/messaging';
import type { PaymentTopics } from './payment-topics';

export interface PaymentContext {
  store: EventStore;
  outbox: Outbox;
  topics: PaymentTopics;
}
