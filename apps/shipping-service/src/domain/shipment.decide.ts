// What a shipment does with each command; the carrier's answers come in as commands too.
import { DomainError } from '@eventshop/event-store';
import type { PricedLine, ShippingAddress } from '@eventshop/contracts';
import { evolveShipment, initialShipmentState, type ShipmentEvent, type ShipmentState } from './shipment';

export type BookingResult = { outcome: 'booked'; trackingId: string } | { outcome: 'refused'; reason: string } | { outcome: 'failed'; reason: string };
export type CancellationResult = { outcome: 'cancelled' } | { outcome: 'handed-over'; reason: string };

export type ShipmentCommand =
  | { type: 'RequestShipment'; orderId: string; address: ShippingAddress; lines: PricedLine[] }
  | { type: 'RecordBooking'; orderId: string; result: BookingResult }
  | { type: 'RequestCancellation'; orderId: string; reason: string }
  | { type: 'RecordCancellation'; orderId: string; result: CancellationResult };

export function decideShipment(command: ShipmentCommand, state: ShipmentState): ShipmentEvent[] {
  const { orderId } = command;
  switch (command.type) {
    case 'RequestShipment':
      if (state.voided) throw new DomainError('refused', 'the shipment was cancelled before it was booked');
      if (state.status !== 'none') return [];
      return [{ type: 'ShipmentRequested', data: { orderId, address: command.address, lines: command.lines } }];

    case 'RecordBooking':
      if (state.status !== 'requested') return [];
      switch (command.result.outcome) {
        case 'booked': {
          const booked: ShipmentEvent = { type: 'ShipmentBooked', data: { orderId, trackingId: command.result.trackingId } };
          return state.voided ? [booked, { type: 'CancellationRequested', data: { orderId, reason: 'the cancel arrived before the booking' } }] : [booked];
        }
        case 'refused':
          return [{ type: 'ShipmentRefused', data: { orderId, reason: command.result.reason } }];
        case 'failed':
          return [{ type: 'ShipmentFailed', data: { orderId, reason: command.result.reason } }];
        default:
          return unknownCommand(command.result);
      }

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

function unknownCommand(command: never): never {
  throw new Error(`unknown shipment command ${JSON.stringify(command)}`);
}

/** The shipment aggregate, as the event store's command handler and the specifications take it. */
export const shipmentDecider = { decide: decideShipment, evolve: evolveShipment, initialState: initialShipmentState };
