// Use case: the saga asks for an order's shipment (RequestShipping).
//
// Before the inbox transaction, outside it (bookAtOnce): a shipment never asked for before is booked
// with the carrier at once (one booking per order: asking again returns it). In the inbox transaction
// (requestShipping): the request is recorded together with the carrier's answer when it settled the
// booking (booked or refused) — one transaction for the usual shipment instead of one for the request
// and one for the answer. When it did not (the carrier unavailable, or the outcome unknown), the
// booking becomes a work item committed with the request, and the booking worker asks again.
// A repeated command gets the answer the shipment already holds.
import type { ParticipantContext } from '@eventshop/service-runtime';
import { DomainError, handleCommand, loadAggregate, type EventStore, type Transaction } from '@eventshop/event-store';
import { Replies, type Commands, type DataOf } from '@eventshop/contracts';
import { envelopeOptionsFor, replyTo, type ReplyRoute } from '@eventshop/messaging';
import { scheduleWork } from '@eventshop/work-queue';
import { shipmentStreamId } from '../domain/shipment';
import { shipmentDecider, type BookingResult } from '../domain/shipment.decide';
import { askToBook } from './booking';
import type { Carrier } from './ports/carrier';
import { bookingReplyFromState } from './shipping-messages';
import { followUp, type ShipmentWork } from './shipping-workers';
import { WorkQueues } from './work-queues';

type RequestShipping = DataOf<typeof Commands.RequestShipping>;

/** Books a shipment never asked for before, outside any transaction; nothing for one already asked for (or voided), or while the answer is not known. */
export async function bookAtOnce(deps: { store: EventStore; carrier: Carrier }, data: RequestShipping): Promise<BookingResult | undefined> {
  const { state } = await loadAggregate(deps.store, shipmentStreamId(data.orderId), shipmentDecider);
  if (state.status !== 'none' || state.voided) return undefined;
  const attempt = await askToBook(deps.carrier, data.orderId, data.address);
  // Unsettled (unavailable, or the outcome unknown) is the booking worker's to ask again.
  return attempt.kind === 'settled' ? attempt.result : undefined;
}

export async function requestShipping(
  ctx: ParticipantContext,
  tx: Transaction,
  data: RequestShipping,
  route: ReplyRoute,
  answer?: BookingResult,
): Promise<void> {
  const { orderId } = data;
  try {
    const result = await handleCommand(ctx.store, {
      streamId: shipmentStreamId(orderId),
      decider: shipmentDecider,
      command: { type: 'RequestShipment', orderId, address: data.address, lines: data.lines, answer },
      tx,
    });
    if (result.events.length === 0) {
      await ctx.outbox.enqueue(tx, bookingReplyFromState(orderId, result.state, ctx.topics, envelopeOptionsFor(route)));
    } else if (result.state.status === 'requested') {
      await scheduleWork(tx, WorkQueues.bookings, orderId, { orderId, route } satisfies ShipmentWork);
    } else {
      await followUp(ctx, tx, result, route);
    }
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'refused')) throw error;
    // Voided by a cancel that came first: the answer is a failure, not a dead letter.
    await ctx.outbox.enqueue(tx, [replyTo(route, ctx.topics.replies, Replies.ShippingFailed, { orderId, reason: error.message })]);
  }
}
