import { DomainError } from '@eventshop/event-store';
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
const cancelled: ShipmentEvent = { type: 'ShipmentCancelled', data: { orderId } };
const handedOver: ShipmentEvent = { type: 'ShipmentHandedOver', data: { orderId, reason: 'the shipment was already handed over' } };
const request = { type: 'RequestShipment' as const, orderId, address, lines };
const bookedBy = { type: 'RecordBooking' as const, orderId, result: { outcome: 'booked' as const, trackingId: 'trk_1' } };
const cancel = { type: 'RequestCancellation' as const, orderId, reason: 'payment failed' };

describe('shipment decider', () => {
  describe('when nothing happened yet', () => {
    it('requests the shipment', () => spec.given([]).when(request).then([requested]));

    it('records the request with the answer of a booking made at once, booked or refused', () => {
      spec
        .given([])
        .when({ ...request, answer: bookedBy.result })
        .then([requested, booked]);
      spec
        .given([])
        .when({ ...request, answer: { outcome: 'refused', reason: 'we do not ship to AQ' } })
        .then([requested, { type: 'ShipmentRefused', data: { orderId, reason: 'we do not ship to AQ' } }]);
    });

    it('voids the shipment when the cancel comes before the booking', () => spec.given([]).when(cancel).then([voided]));
  });

  describe('when requested', () => {
    it('does nothing on a repeated request', () => spec.given([requested]).when(request).thenNothingHappened());

    it("records the carrier's booking", () => spec.given([requested]).when(bookedBy).then([booked]));

    it("records the carrier's refusal", () =>
      spec
        .given([requested])
        .when({ type: 'RecordBooking', orderId, result: { outcome: 'refused', reason: 'we do not ship to AQ' } })
        .then([{ type: 'ShipmentRefused', data: { orderId, reason: 'we do not ship to AQ' } }]));

    it('records that the carrier could not be reached in time', () =>
      spec
        .given([requested])
        .when({ type: 'RecordBooking', orderId, result: { outcome: 'failed', reason: 'carrier unavailable' } })
        .then([{ type: 'ShipmentFailed', data: { orderId, reason: 'carrier unavailable' } }]));
  });

  describe('when voided (cancelled before booking)', () => {
    it('refuses a request that arrives late', () =>
      spec
        .given([voided])
        .when(request)
        .thenThrows(DomainError, (e) => e.code === 'refused' && /cancelled before it was booked/.test(e.message)));

    it('records a booking made at once for a late request, and cancels it at once; refuses one that booked nothing', () => {
      spec
        .given([voided])
        .when({ ...request, answer: bookedBy.result })
        .then([requested, booked, cancelling('the cancel arrived before the booking')]);
      spec
        .given([voided])
        .when({ ...request, answer: { outcome: 'refused', reason: 'we do not ship to AQ' } })
        .thenThrows(DomainError, (e) => e.code === 'refused');
    });

    it('cancels at once a booking that lands after the cancel', () =>
      spec
        .given([requested, voided])
        .when(bookedBy)
        .then([booked, cancelling('the cancel arrived before the booking')]));
  });

  describe('when booked', () => {
    it('ignores a second answer for the same booking', () => spec.given([requested, booked]).when(bookedBy).thenNothingHappened());

    it('asks the carrier to cancel', () => spec.given([requested, booked]).when(cancel).then([cancelling()]));
  });

  describe('when cancelling', () => {
    it('does nothing on a repeated cancel', () => spec.given([requested, booked, cancelling()]).when(cancel).thenNothingHappened());

    it("records the carrier's cancellation", () =>
      spec
        .given([requested, booked, cancelling()])
        .when({ type: 'RecordCancellation', orderId, result: { outcome: 'cancelled' } })
        .then([cancelled]));

    it('records that the parcel was handed over and cannot be cancelled', () =>
      spec
        .given([requested, booked, cancelling()])
        .when({ type: 'RecordCancellation', orderId, result: { outcome: 'handed-over', reason: 'the shipment was already handed over' } })
        .then([handedOver]));
  });

  describe('when cancelled', () => {
    it('does nothing on a repeated cancel', () => spec.given([requested, booked, cancelling(), cancelled]).when(cancel).thenNothingHappened());
  });

  describe('when handed over', () => {
    it('refuses a cancel, and says why', () =>
      spec
        .given([requested, booked, cancelling(), handedOver])
        .when(cancel)
        .thenThrows(DomainError, (e) => e.code === 'conflict' && /already handed over/.test(e.message)));
  });

  describe('when refused or failed', () => {
    it('has nothing to cancel for a refused booking', () =>
      spec
        .given([requested, { type: 'ShipmentRefused', data: { orderId, reason: 'AQ' } }])
        .when(cancel)
        .thenNothingHappened());

    it('has nothing to cancel for a failed booking', () =>
      spec
        .given([requested, { type: 'ShipmentFailed', data: { orderId, reason: 'down' } }])
        .when(cancel)
        .thenNothingHappened());
  });
});
