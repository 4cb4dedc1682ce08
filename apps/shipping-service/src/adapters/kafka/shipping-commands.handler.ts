// Saga commands from shipping.commands, in the inbox transaction; carrier calls become work items.
import { DomainError, handleCommand, type EventStore, type Transaction } from '@eventshop/event-store';
import { envelopeOf, Replies, type Commands, type DataOf } from '@eventshop/contracts';
import { envelopeOptionsFor, replyRouteOf, type InboundMessage, type MessageHandler, type Outbox, type ReplyRoute } from '@eventshop/messaging';
import { scheduleWork } from '@eventshop/service-runtime';
import { shipmentStreamId } from '../../domain/shipment';
import { shipmentDecider, WorkQueues } from '../../application/shipment-decider';
import { bookingReplyFromState, cancelReplyFromState } from '../../application/shipping-messages';
import type { ShippingTopics } from '../../application/shipping-topics';
import { scheduleCancellations, type ShipmentWork } from '../../application/shipping-workers';

export function shippingCommandsHandler(store: EventStore, outbox: Outbox, topics: ShippingTopics): MessageHandler {
  return async (message, tx) => {
    const route = replyRouteOf(message);
    if (message.type === 'RequestShipping') return requestShipping(store, outbox, topics, tx, message.data as DataOf<typeof Commands.RequestShipping>, route);
    if (message.type === 'CancelShipment') return cancelShipment(store, outbox, topics, tx, message.data as DataOf<typeof Commands.CancelShipment>, route);
    throw new Error(`shipping has no handler for ${(message as InboundMessage).type}`);
  };
}

async function requestShipping(
  store: EventStore,
  outbox: Outbox,
  topics: ShippingTopics,
  tx: Transaction,
  data: DataOf<typeof Commands.RequestShipping>,
  route: ReplyRoute,
) {
  const { orderId } = data;
  try {
    const result = await handleCommand(store, {
      streamId: shipmentStreamId(orderId),
      decider: shipmentDecider,
      command: { type: 'RequestShipment', orderId, address: data.address, lines: data.lines },
      tx,
    });
    if (result.events.length > 0) await scheduleWork(tx, WorkQueues.bookings, orderId, { orderId, route } satisfies ShipmentWork);
    else await outbox.enqueue(tx, bookingReplyFromState(orderId, result.state, topics, envelopeOptionsFor(route)));
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'refused')) throw error;
    await outbox.enqueue(tx, [
      { topic: topics.replies, key: orderId, envelope: envelopeOf(Replies.ShippingFailed, { orderId, reason: error.message }, envelopeOptionsFor(route)) },
    ]);
  }
}

async function cancelShipment(
  store: EventStore,
  outbox: Outbox,
  topics: ShippingTopics,
  tx: Transaction,
  data: DataOf<typeof Commands.CancelShipment>,
  route: ReplyRoute,
) {
  const { orderId } = data;
  try {
    const result = await handleCommand(store, {
      streamId: shipmentStreamId(orderId),
      decider: shipmentDecider,
      command: { type: 'RequestCancellation', orderId, reason: data.reason },
      tx,
    });
    await scheduleCancellations(tx, result.events, route);
    await outbox.enqueue(tx, cancelReplyFromState(orderId, result.state, topics, envelopeOptionsFor(route)));
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'conflict')) throw error;
    // Already handed over: the reply says so (the saga decides what that means).
    await outbox.enqueue(tx, [
      {
        topic: topics.replies,
        key: orderId,
        envelope: envelopeOf(Replies.ShipmentCancellationRefused, { orderId, reason: error.message }, envelopeOptionsFor(route)),
      },
    ]);
  }
}
