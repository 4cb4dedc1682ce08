import { deciderSpec } from '@eventshop/testing';
import type { ShipmentEvent } from './shipment';
import { shipmentDecider } from './shipment.decide';

const spec = deciderSpec(shipmentDecider);
const orderId = 'o-1';
const address = { name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
const lines = [{ sku: 'MUG', quantity: 1, unitPriceCents: 1250 }];
const requested: ShipmentEvent = { type: 'ShipmentRequested', data: { orderId, address, lines } };
const booked: ShipmentEvent = { type: 'ShipmentBooked', data: { orderId, trackingId: 'trk_1' } };
const voided: ShipmentEvent = { type: 'ShipmentVoided', data: { orderId, reason: 'payment failed' } };
const cancelling = (reason = 'payment failed'): ShipmentEvent => ({ type: 'CancellationRequested', data: { orderId, reason } });
const request = { type: 'RequestShipment' as const, orderId, address, lines };
const bookedBy = { type: 'RecordBooking' as const, orderId, result: { outcome: 'booked' as const, trackingId: 'trk_1' } };
const cancel = { type: 'RequestCancellation' as const, orderId, reason: 'payment failed' };

describe('shipment decider', () => {
  it('requests a shipment once', () => {
    spec.given([]).when(request).then([requested]);
    spec.given([requested]).when(request).thenNothingHappened();
  });

  it("records the carrier's answer once: booked, refused or failed", () => {
    spec.given([requested]).when(bookedBy).then([booked]);
    spec.given([requested, booked]).when(bookedBy).thenNothingHappened();
    spec
      .given([requested])
      .when({ type: 'RecordBooking', orderId, result: { outcome: 'refused', reason: 'we do not ship to AQ' } })
      .then([{ type: 'ShipmentRefused', data: { orderId, reason: 'we do not ship to AQ' } }]);
    spec
      .given([requested])
      .when({ type: 'RecordBooking', orderId, result: { outcome: 'failed', reason: 'carrier unavailable' } })
      .then([{ type: 'ShipmentFailed', data: { orderId, reason: 'carrier unavailable' } }]);
  });

  it('cancels a booked shipment once', () => {
    spec.given([requested, booked]).when(cancel).then([cancelling()]);
    spec.given([requested, booked, cancelling()]).when(cancel).thenNothingHappened();
    spec
      .given([requested, booked, cancelling()])
      .when({ type: 'RecordCancellation', orderId, result: { outcome: 'cancelled' } })
      .then([{ type: 'ShipmentCancelled', data: { orderId } }]);
    spec
      .given([requested, booked, cancelling(), { type: 'ShipmentCancelled', data: { orderId } }])
      .when(cancel)
      .thenNothingHappened();
  });

  it('cannot cancel a shipment that was handed over, and says so', () => {
    const handedOver: ShipmentEvent = { type: 'ShipmentHandedOver', data: { orderId, reason: 'the shipment was already handed over' } };
    spec
      .given([requested, booked, cancelling()])
      .when({ type: 'RecordCancellation', orderId, result: { outcome: 'handed-over', reason: 'the shipment was already handed over' } })
      .then([handedOver]);
    spec
      .given([requested, booked, cancelling(), handedOver])
      .when(cancel)
      .thenThrows(/already handed over/);
  });

  it('voids a shipment cancelled before booking, refuses the late request, and cancels a late booking', () => {
    spec.given([]).when(cancel).then([voided]);
    spec
      .given([voided])
      .when(request)
      .thenThrows(/cancelled before it was booked/);
    spec
      .given([requested, voided])
      .when(bookedBy)
      .then([booked, cancelling('the cancel arrived before the booking')]);
  });

  it('has nothing to cancel for a refused or failed booking', () => {
    spec
      .given([requested, { type: 'ShipmentRefused', data: { orderId, reason: 'AQ' } }])
      .when(cancel)
      .thenNothingHappened();
    spec
      .given([requested, { type: 'ShipmentFailed', data: { orderId, reason: 'down' } }])
      .when(cancel)
      .thenNothingHappened();
  });
});
