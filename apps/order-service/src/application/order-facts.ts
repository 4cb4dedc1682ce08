// What the order tells the world on order.events: its public facts, from the events a decision recorded.
import { envelopeOf, Facts } from '@eventshop/contracts';
import type { RecordedEvent } from '@eventshop/event-store';
import type { OutboxMessage } from '@eventshop/messaging';
import type { OrderEvent, OrderState } from '../domain/order';

export function orderFacts(events: RecordedEvent<OrderEvent>[], state: OrderState, topic: string): OutboxMessage[] {
  return events.flatMap((recorded): OutboxMessage[] => {
    const event = { type: recorded.type, data: recorded.data } as OrderEvent;
    const options = { correlationId: event.data.orderId };
    const fact = (envelope: OutboxMessage['envelope']): OutboxMessage[] => [{ topic, key: event.data.orderId, envelope }];
    switch (event.type) {
      case 'OrderPlaced':
        return fact(envelopeOf(Facts.OrderPlaced, event.data, options));
      case 'OrderCompleted':
        return fact(envelopeOf(Facts.OrderCompleted, { orderId: event.data.orderId, totalCents: state.totalCents ?? 0 }, options));
      case 'OrderCompensated':
        return fact(envelopeOf(Facts.OrderCompensated, event.data, options));
      default:
        return []; // priced, compensation failed: not published
    }
  });
}
