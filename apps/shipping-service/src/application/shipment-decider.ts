// The shipment aggregate as the event store's generic handler takes it, and the shipping work queues.
import { evolveShipment, initialShipmentState } from '../domain/shipment';
import { decideShipment } from '../domain/shipment.decide';

export const shipmentDecider = { decide: decideShipment, evolve: evolveShipment, initialState: initialShipmentState };

export const WorkQueues = { bookings: 'shipping.bookings', cancellations: 'shipping.cancellations' } as const;
