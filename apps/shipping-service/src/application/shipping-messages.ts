// What shipping tells the world: replies to the saga and facts on shipping.events.
import { envelopeOf, Facts, Replies, type EnvelopeOptions } from '@eventshop/contracts';
import type { RecordedEvent } from '@eventshop/event-store';
import type { OutboxMessage } from '@eventshop/messaging';
import type { ShipmentEvent, ShipmentState } from '../domain/shipment';
import type { ShippingTopics } from './shipping-topics';

export function messagesFor(events: RecordedEvent[], state: ShipmentState, topics: ShippingTopics, options: EnvelopeOptions): OutboxMessage[] {
  const out: OutboxMessage[] = [];
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as ShipmentEvent;
    const { orderId } = event.data;
    const reply = (envelope: OutboxMessage['envelope']) => out.push({ topic: topics.replies, key: orderId, envelope });
    const fact = (envelope: OutboxMessage['envelope']) => out.push({ topic: topics.events, key: orderId, envelope });
    switch (event.type) {
      case 'ShipmentBooked':
        reply(envelopeOf(Replies.ShippingRequested, { orderId, trackingId: event.data.trackingId }, options));
        if (state.address) fact(envelopeOf(Facts.ShipmentBooked, { orderId, trackingId: event.data.trackingId, address: state.address }, options));
        break;
      case 'ShipmentRefused':
        reply(envelopeOf(Replies.ShippingFailed, { orderId, reason: event.data.reason }, options));
        fact(envelopeOf(Facts.ShipmentRefused, { orderId, reason: event.data.reason }, options));
        break;
      case 'ShipmentFailed':
        reply(envelopeOf(Replies.ShippingFailed, { orderId, reason: event.data.reason }, options));
        break;
      case 'ShipmentCancelled':
        reply(envelopeOf(Replies.ShipmentCancelled, { orderId }, options));
        fact(envelopeOf(Facts.ShipmentCancelledByOrder, { orderId, reason: state.reason ?? 'cancelled' }, options));
        break;
      case 'ShipmentHandedOver':
        reply(envelopeOf(Replies.ShipmentCancellationRefused, { orderId, reason: event.data.reason }, options));
        break;
      default:
        break;
    }
  }
  return out;
}

/** The reply a repeated RequestShipping gets from a shipment already decided; none while under way. */
export function bookingReplyFromState(orderId: string, state: ShipmentState, topics: ShippingTopics, options: EnvelopeOptions): OutboxMessage[] {
  if (state.trackingId)
    return [{ topic: topics.replies, key: orderId, envelope: envelopeOf(Replies.ShippingRequested, { orderId, trackingId: state.trackingId }, options) }];
  if (state.status === 'refused' || state.status === 'failed') {
    return [{ topic: topics.replies, key: orderId, envelope: envelopeOf(Replies.ShippingFailed, { orderId, reason: state.reason ?? state.status }, options) }];
  }
  return [];
}

/** The reply to CancelShipment when nothing is left to do now; none while the carrier is asked. */
export function cancelReplyFromState(orderId: string, state: ShipmentState, topics: ShippingTopics, options: EnvelopeOptions): OutboxMessage[] {
  if (state.status === 'cancelling') return [];
  return [{ topic: topics.replies, key: orderId, envelope: envelopeOf(Replies.ShipmentCancelled, { orderId }, options) }];
}
