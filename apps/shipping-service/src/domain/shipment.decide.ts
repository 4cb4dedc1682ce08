// What a shipment does with each command; the carrier's answers come in as commands too.
import { DomainError } from '@eventshop/event-store';
import type { PricedLine, ShippingAddress } from '@eventshop/contracts';
import { evolveShipment, initialShipmentState, type ShipmentEvent, type ShipmentState } from './shipment';

export type BookingResult = { outcome: 'booked'; trackingId: string } | { outcome: 'refused'; reason: string } | { outcome: 'failed'; reason: string };
export type CancellationResult = { outcome: 'cancelled' } | { outcome: 'handed-over'; reason: string };

export type ShipmentCommand =
  | {
      type: 'RequestShipment';
      orderId: string;
      address: ShippingAddress;
      lines: PricedLine[];
      /** The carrier's answer to a booking made before the request was recorded (tried at once), if it settled it. */
      answer?: BookingResult;
    }
  | { type: 'RecordBooking'; orderId: string; result: BookingResult }
  | { type: 'RequestCancellation'; orderId: string; reason: string }
  | { type: 'RecordCancellation'; orderId: string; result: CancellationResult };

export function decideShipment(command: ShipmentCommand, state: ShipmentState): ShipmentEvent[] {
  const { orderId } = command;
  switch (command.type) {
    case 'RequestShipment': {
      // A booking already made for a voided shipment is recorded, to be cancelled at once (recordBooking).
      if (state.voided && !(state.status === 'none' && command.answer?.outcome === 'booked'))
        throw new DomainError('refused', 'the shipment was cancelled before it was booked');
      if (state.status !== 'none') return [];
      const requested: ShipmentEvent = { type: 'ShipmentRequested', data: { orderId, address: command.address, lines: command.lines } };
      // Booked (or refused) at once: the answer is recorded with the request.
      return command.answer ? [requested, ...recordBooking(orderId, command.answer, evolveShipment(state, requested))] : [requested];
    }

    case 'RecordBooking':
      return state.status === 'requested' ? recordBooking(orderId, command.result, state) : [];

    case 'RequestCancellation':
      switch (state.status) {
        case 'none':
        case 'requested':
          return state.voided ? [] : [{ type: 'ShipmentVoided', data: { orderId, reason: command.reason } }];
        case 'booked':
          return [{ type: 'CancellationRequested', data: { orderId, reason: command.reason } }];
        case 'handed-over':
          throw new DomainError('conflict', state.reason ?? 'the shipment was already handed over');
        default:
          return []; // refused, failed: nothing booked; cancelling, cancelled: under way or done
      }

    case 'RecordCancellation':
      if (state.status !== 'cancelling') return [];
      return command.result.outcome === 'cancelled'
        ? [{ type: 'ShipmentCancelled', data: { orderId } }]
        : [{ type: 'ShipmentHandedOver', data: { orderId, reason: command.result.reason } }];

    default:
      return unknownCommand(command);
  }
}

function recordBooking(orderId: string, result: BookingResult, state: ShipmentState): ShipmentEvent[] {
  switch (result.outcome) {
    case 'booked': {
      const booked: ShipmentEvent = { type: 'ShipmentBooked', data: { orderId, trackingId: result.trackingId } };
      return state.voided ? [booked, { type: 'CancellationRequested', data: { orderId, reason: 'the cancel arrived before the booking' } }] : [booked];
    }
    case 'refused':
      return [{ type: 'ShipmentRefused', data: { orderId, reason: result.reason } }];
    case 'failed':
      return [{ type: 'ShipmentFailed', data: { orderId, reason: result.reason } }];
    default:
      return unknownCommand(result);
  }
}

function unknownCommand(command: never): never {
  throw new Error(`unknown shipment command ${JSON.stringify(command)}`);
}

/** The shipment aggregate, as the event store's command handler and the specifications take it. */
export const shipmentDecider = { decide: decideShipment, evolve: evolveShipment, initialState: initialShipmentState };
