// Use case: the saga asks for an order's shipment (RequestShipping), in the inbox transaction. The
// carrier is not called here: the booking becomes a work item committed with the shipment's events.
// A repeated command gets the answer the shipment already holds.
import type { ParticipantContext } from '@eventshop/service-runtime';
import { DomainError, handleCommand, type Transaction } from '@eventshop/event-store';
import { Replies, type Commands, type DataOf } from '@eventshop/contracts';
import { envelopeOptionsFor, replyTo, type ReplyRoute } from '@eventshop/messaging';
import { scheduleWork } from '@eventshop/work-queue';
import { shipmentStreamId } from '../domain/shipment';
import { shipmentDecider } from '../domain/shipment.decide';
import { bookingReplyFromState } from './shipping-messages';
import type { ShipmentWork } from './shipping-workers';
import { WorkQueues } from './work-queues';

export async function requestShipping(
  ctx: ParticipantContext,
  tx: Transaction,
  data: DataOf<typeof Commands.RequestShipping>,
  route: ReplyRoute,
): Promise<void> {
  const { orderId } = data;
  try {
    const result = await handleCommand(ctx.store, {
      streamId: shipmentStreamId(orderId),
      decider: shipmentDecider,
      command: { type: 'RequestShipment', orderId, address: data.address, lines: data.lines },
      tx,
    });
    if (result.events.length > 0) await scheduleWork(tx, WorkQueues.bookings, orderId, { orderId, route } satisfies ShipmentWork);
    else await ctx.outbox.enqueue(tx, bookingReplyFromState(orderId, result.state, ctx.topics, envelopeOptionsFor(route)));
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'refused')) throw error;
    // Voided by a cancel that came first: the answer is a failure, not a dead letter.
    await ctx.outbox.enqueue(tx, [replyTo(route, ctx.topics.replies, Replies.ShippingFailed, { orderId, reason: error.message })]);
  }
}
