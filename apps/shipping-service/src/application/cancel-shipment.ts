// Use case: the saga compensates an order's shipment (CancelShipment), in the inbox transaction. A
// booked shipment gets a carrier cancellation scheduled; one not booked yet is voided, so a booking
// that still arrives is cancelled at once; one handed over cannot be cancelled, and the reply says so
// (the saga decides what that means).
import type { ParticipantContext } from '@eventshop/service-runtime';
import { DomainError, handleCommand, type Transaction } from '@eventshop/event-store';
import { Replies, type Commands, type DataOf } from '@eventshop/contracts';
import { envelopeOptionsFor, replyTo, type ReplyRoute } from '@eventshop/messaging';
import { shipmentStreamId } from '../domain/shipment';
import { shipmentDecider } from '../domain/shipment.decide';
import { cancelReplyFromState } from './shipping-messages';
import { scheduleCancellations } from './shipping-workers';

export async function cancelShipment(ctx: ParticipantContext, tx: Transaction, data: DataOf<typeof Commands.CancelShipment>, route: ReplyRoute): Promise<void> {
  const { orderId } = data;
  try {
    const result = await handleCommand(ctx.store, {
      streamId: shipmentStreamId(orderId),
      decider: shipmentDecider,
      command: { type: 'RequestCancellation', orderId, reason: data.reason },
      tx,
    });
    await scheduleCancellations(tx, result.events, route);
    await ctx.outbox.enqueue(tx, cancelReplyFromState(orderId, result.state, ctx.topics, envelopeOptionsFor(route)));
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'conflict')) throw error;
    await ctx.outbox.enqueue(tx, [replyTo(route, ctx.topics.replies, Replies.ShipmentCancellationRefused, { orderId, reason: error.message })]);
  }
}
