import { DomainError } from '@eventshop/event-store';
import { deciderSpec } from '@eventshop/testing';
import type { PaymentEvent } from './payment';
import { paymentDecider } from './payment.decide';

const spec = deciderSpec(paymentDecider);
const orderId = 'o-1';
const requested: PaymentEvent = { type: 'PaymentRequested', data: { orderId, customerId: 'c-1', amountCents: 2500 } };
const charged: PaymentEvent = { type: 'PaymentCharged', data: { orderId, amountCents: 2500, provider: 'psp-a', providerReference: 'ch_1' } };
const voided: PaymentEvent = { type: 'PaymentVoided', data: { orderId, reason: 'saga timed out' } };
const refundRequested = (reason: string): PaymentEvent => ({ type: 'RefundRequested', data: { orderId, amountCents: 2500, provider: 'psp-a', reason } });
const refunded: PaymentEvent = { type: 'PaymentRefunded', data: { orderId, amountCents: 2500, provider: 'psp-a' } };
const request = { type: 'RequestPayment' as const, orderId, customerId: 'c-1', amountCents: 2500 };
const chargedBy = { type: 'RecordCharge' as const, orderId, result: { outcome: 'charged' as const, provider: 'psp-a', providerReference: 'ch_1' } };
const declined: PaymentEvent = { type: 'PaymentDeclined', data: { orderId, amountCents: 2500, reason: 'card declined' } };
const failed: PaymentEvent = { type: 'PaymentFailed', data: { orderId, reason: 'down' } };
const refund = { type: 'RequestRefund' as const, orderId, reason: 'shipping refused' };

describe('payment decider', () => {
  describe('when nothing happened yet', () => {
    it('requests the payment', () => spec.given([]).when(request).then([requested]));

    it('records the request with the answer of a charge made at once, charged or declined', () => {
      spec
        .given([])
        .when({ ...request, answer: chargedBy.result })
        .then([requested, charged]);
      spec
        .given([])
        .when({ ...request, answer: { outcome: 'declined', reason: 'card declined' } })
        .then([requested, declined]);
    });

    it('voids the payment when the refund comes before any charge', () =>
      spec
        .given([])
        .when(refund)
        .then([{ type: 'PaymentVoided', data: { orderId, reason: 'shipping refused' } }]));
  });

  describe('when requested', () => {
    it('does nothing on a repeated request', () => spec.given([requested]).when(request).thenNothingHappened());

    it("records the provider's charge", () => spec.given([requested]).when(chargedBy).then([charged]));

    it("records the provider's decline", () =>
      spec
        .given([requested])
        .when({ type: 'RecordCharge', orderId, result: { outcome: 'declined', reason: 'card declined' } })
        .then([declined]));

    it('records that no provider could charge', () =>
      spec
        .given([requested])
        .when({ type: 'RecordCharge', orderId, result: { outcome: 'failed', reason: 'providers unavailable' } })
        .then([{ type: 'PaymentFailed', data: { orderId, reason: 'providers unavailable' } }]));

    it('refuses to record a refund nobody asked for', () =>
      spec
        .given([requested, charged])
        .when({ type: 'RecordRefund', orderId })
        .thenThrows(DomainError, (e) => e.code === 'conflict' && /no refund under way/.test(e.message)));
  });

  describe('when voided (refunded before any charge)', () => {
    it('refuses a request that arrives late', () =>
      spec
        .given([voided])
        .when(request)
        .thenThrows(DomainError, (e) => e.code === 'refused' && /cancelled before it was taken/.test(e.message)));

    it('records money taken at once for a late request, and refunds it at once; refuses one that took nothing', () => {
      spec
        .given([voided])
        .when({ ...request, answer: chargedBy.result })
        .then([requested, charged, refundRequested('the refund arrived before the charge')]);
      spec
        .given([voided])
        .when({ ...request, answer: { outcome: 'declined', reason: 'card declined' } })
        .thenThrows(DomainError, (e) => e.code === 'refused');
    });

    it('refunds at once a charge that lands after the refund', () =>
      spec
        .given([requested, voided])
        .when(chargedBy)
        .then([charged, refundRequested('the refund arrived before the charge')]));
  });

  describe('when charged', () => {
    it('ignores a second answer for the same charge', () => spec.given([requested, charged]).when(chargedBy).thenNothingHappened());

    it('asks the provider for a refund', () =>
      spec
        .given([requested, charged])
        .when(refund)
        .then([refundRequested('shipping refused')]));
  });

  describe('when refunding', () => {
    it('does nothing on a repeated refund', () =>
      spec
        .given([requested, charged, refundRequested('x')])
        .when(refund)
        .thenNothingHappened());

    it("records the provider's refund", () =>
      spec
        .given([requested, charged, refundRequested('x')])
        .when({ type: 'RecordRefund', orderId })
        .then([refunded]));
  });

  describe('when refunded', () => {
    it('does nothing on a repeated refund', () =>
      spec
        .given([requested, charged, refundRequested('x'), refunded])
        .when(refund)
        .thenNothingHappened());

    it("ignores the provider's refund recorded twice", () =>
      spec
        .given([requested, charged, refundRequested('x'), refunded])
        .when({ type: 'RecordRefund', orderId })
        .thenNothingHappened());
  });

  describe('when declined or failed', () => {
    it('has nothing to refund for a declined payment', () => spec.given([requested, declined]).when(refund).thenNothingHappened());

    it('has nothing to refund for a failed payment', () => spec.given([requested, failed]).when(refund).thenNothingHappened());
  });
});
