// The carrier calls, off the work queues and outside any transaction. Bookings wait (queue and
// retry) while the carrier is unavailable, until the booking deadline; an answer of unknown outcome
// is asked again until known. Cancellations are retried until the carrier answers.
import type { ParticipantContext } from '@eventshop/service-runtime';
import { handleCommand, loadAggregate, type RecordedEvent, type Transaction } from '@eventshop/event-store';
import { envelopeOptionsFor, type ReplyRoute } from '@eventshop/messaging';
import { earlierAttemptMayHaveActed, nothingToRecord, scheduleWork, type WorkItem, type WorkOutcome, workBackoff } from '@eventshop/work-queue';
import { shipmentStreamId, type ShipmentState } from '../domain/shipment';
import { shipmentDecider, type ShipmentCommand } from '../domain/shipment.decide';
import { askToBook, certainlyNotBooked } from './booking';
import { CancellationRefused, type Carrier } from './ports/carrier';
import { messagesFor } from './shipping-messages';
import { WorkQueues } from './work-queues';

export interface ShipmentWork {
  orderId: string;
  route: ReplyRoute;
}

export interface ShippingWorkerDeps extends ParticipantContext {
  /** The carrier, already behind its breaker. */
  carrier: Carrier;
  bookingDeadlineMs: number;
}

/** Records a carrier answer as a command on the shipment, with its replies, facts and follow-up work. */
async function record(deps: ParticipantContext, tx: Transaction, command: ShipmentCommand, route: ReplyRoute): Promise<void> {
  await followUp(deps, tx, await handleCommand(deps.store, { streamId: shipmentStreamId(command.orderId), decider: shipmentDecider, command, tx }), route);
}

/** What newly recorded shipment events lead to: their replies and facts, and the cancellations they ask for. */
export async function followUp(
  deps: ParticipantContext,
  tx: Transaction,
  result: { events: RecordedEvent[]; state: ShipmentState },
  route: ReplyRoute,
): Promise<void> {
  await scheduleCancellations(tx, result.events, route);
  await deps.outbox.enqueue(tx, messagesFor(result.events, result.state, deps.topics, envelopeOptionsFor(route)));
}

export async function scheduleCancellations(tx: Transaction, events: RecordedEvent[], route: ReplyRoute): Promise<void> {
  for (const event of events) {
    if (event.type !== 'CancellationRequested') continue;
    const { orderId } = event.data as { orderId: string };
    await scheduleWork(tx, WorkQueues.cancellations, orderId, { orderId, route } satisfies ShipmentWork);
  }
}

export function bookingWorker(deps: ShippingWorkerDeps) {
  return async (item: WorkItem<ShipmentWork>): Promise<WorkOutcome> => {
    const { orderId, route } = item.payload;
    const done = (result: Extract<ShipmentCommand, { type: 'RecordBooking' }>['result']): WorkOutcome => ({
      done: (tx) => record(deps, tx, { type: 'RecordBooking', orderId, result }, route),
    });
    const { state } = await loadAggregate(deps.store, shipmentStreamId(orderId), shipmentDecider);
    if (state.status !== 'requested' || !state.address) return nothingToRecord;
    // Voided by the saga's cancel before a booking was recorded. If no earlier attempt can have reached
    // the carrier, there is nothing to book. Otherwise it may hold a booking whose recording was lost:
    // book again — one booking per order, so this returns that one — and a booking recorded on a
    // voided shipment is cancelled at once (decideShipment).
    if (state.voided && !earlierAttemptMayHaveActed(item)) return done({ outcome: 'failed', reason: 'the shipment was cancelled before it was booked' });
    const attempt = await askToBook(deps.carrier, orderId, state.address);
    if (attempt.kind === 'settled') return done(attempt.result);
    const reason = attempt.error.message;
    const waited = Date.now() - item.createdAt.getTime();
    if (certainlyNotBooked(attempt.error) && waited >= deps.bookingDeadlineMs) return done({ outcome: 'failed', reason: `carrier unavailable: ${reason}` });
    return { retryInMs: workBackoff(item.attempts), reason };
  };
}

export function cancellationWorker(deps: ShippingWorkerDeps) {
  return async (item: WorkItem<ShipmentWork>): Promise<WorkOutcome> => {
    const { orderId, route } = item.payload;
    const done = (result: Extract<ShipmentCommand, { type: 'RecordCancellation' }>['result']): WorkOutcome => ({
      done: (tx) => record(deps, tx, { type: 'RecordCancellation', orderId, result }, route),
    });
    try {
      await deps.carrier.cancel(orderId);
      return done({ outcome: 'cancelled' });
    } catch (error) {
      if (error instanceof CancellationRefused) return done({ outcome: 'handed-over', reason: error.message });
      return { retryInMs: workBackoff(item.attempts), reason: (error as Error).message };
    }
  };
}
