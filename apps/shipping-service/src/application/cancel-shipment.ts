// Use case: the saga compensates an order's shipment (CancelShipment), in the inbox transaction. A
// booked shipment gets a carrier cancellation scheduled; one not booked yet is voided, so a booking
// that still arrives is cancelled at once; one handed over cannot be cancelled, and the reply says so
// (the saga decides what that means).
import { DomainError, handleCommand, type Transaction } from '@eventshop/event-store';
import { envelopeOf, Replies, type Commands, type DataOf } from '@eventshop/contracts';
import { envelopeOptionsFor, type ReplyRoute } from '@eventshop/messaging';
import { shipmentStreamId } from '../domain/shipment';
import { shipmentDecider } from '../domain/shipment.decide';
import type { ShippingContext } from './shipping-context';
import { cancelReplyFromState } from './shipping-messages';
import { scheduleCancellations } from './shipping-workers';

export async function cancelShipment(ctx: ShippingContext, tx: Transaction, data: DataOf<typeof Commands.CancelShipment>, route: ReplyRoute): Promise<void> {
  const { orderId } = data;
  const options = envelopeOptionsFor(route);
  try {
    const result = await handleCommand(ctx.store, {
      streamId: shipmentStreamId(orderId),
      decider: shipmentDecider,
      command: { type: 'RequestCancellation', orderId, reason: data.reason },
      tx,
    });
    await scheduleCancellations(tx, result.events, route);
    await ctx.outbox.enqueue(tx, cancelReplyFromState(orderId, result.state, ctx.topics, options));
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'conflict')) throw error;
    const envelope = envelopeOf(Replies.ShipmentCancellationRefused, { orderId, reason: error.message }, options);
    await ctx.outbox.enqueue(tx, [{ topic: ctx.topics.replies, key: orderId, envelope }]);
  }
}
