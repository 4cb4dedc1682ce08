// One order's shipment: requested, then booked with the carrier (or refused, or failed); cancelled
// on compensation unless it was already handed over. A cancel that comes before the booking voids
// the shipment: a booking that still happens is cancelled at once.
import type { PricedLine, ShippingAddress } from '@eventshop/contracts';

export type ShipmentEvent =
  | { type: 'ShipmentRequested'; data: { orderId: string; address: ShippingAddress; lines: PricedLine[] } }
  | { type: 'ShipmentBooked'; data: { orderId: string; trackingId: string } }
  | { type: 'ShipmentRefused'; data: { orderId: string; reason: string } }
  | { type: 'ShipmentFailed'; data: { orderId: string; reason: string } }
  | { type: 'ShipmentVoided'; data: { orderId: string; reason: string } }
  | { type: 'CancellationRequested'; data: { orderId: string; reason: string } }
  | { type: 'ShipmentCancelled'; data: { orderId: string } }
  | { type: 'ShipmentHandedOver'; data: { orderId: string; reason: string } };

export type ShipmentStatus = 'none' | 'requested' | 'booked' | 'refused' | 'failed' | 'cancelling' | 'cancelled' | 'handed-over';

export interface ShipmentState {
  status: ShipmentStatus;
  voided: boolean;
  address?: ShippingAddress;
  trackingId?: string;
  reason?: string;
}

export const initialShipmentState = (): ShipmentState => ({ status: 'none', voided: false });

export function evolveShipment(state: ShipmentState, event: ShipmentEvent): ShipmentState {
  switch (event.type) {
    case 'ShipmentRequested':
      return { ...state, status: 'requested', address: event.data.address };
    case 'ShipmentBooked':
      return { ...state, status: 'booked', trackingId: event.data.trackingId };
    case 'ShipmentRefused':
      return { ...state, status: 'refused', reason: event.data.reason };
    case 'ShipmentFailed':
      return { ...state, status: 'failed', reason: event.data.reason };
    case 'ShipmentVoided':
      return { ...state, voided: true, reason: event.data.reason };
    case 'CancellationRequested':
      return { ...state, status: 'cancelling', reason: event.data.reason };
    case 'ShipmentCancelled':
      return { ...state, status: 'cancelled' };
    case 'ShipmentHandedOver':
      return { ...state, status: 'handed-over', reason: event.data.reason };
  }
}

export const shipmentStreamId = (orderId: string) => `shipment-${orderId}`;
