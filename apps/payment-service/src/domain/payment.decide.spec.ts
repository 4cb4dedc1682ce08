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
const refund = { type: 'RequestRefund' as const, orderId, reason: 'shipping refused' };

describe('payment decider', () => {
  it('requests a payment once', () => {
    spec.given([]).when(request).then([requested]);
    spec.given([requested]).when(request).thenNothingHappened();
  });

  it("records the provider's answer: charged, declined or failed", () => {
    spec.given([requested]).when(chargedBy).then([charged]);
    spec
      .given([requested])
      .when({ type: 'RecordCharge', orderId, result: { outcome: 'declined', reason: 'card declined' } })
      .then([{ type: 'PaymentDeclined', data: { orderId, amountCents: 2500, reason: 'card declined' } }]);
    spec
      .given([requested])
      .when({ type: 'RecordCharge', orderId, result: { outcome: 'failed', reason: 'providers unavailable' } })
      .then([{ type: 'PaymentFailed', data: { orderId, reason: 'providers unavailable' } }]);
  });

  it('ignores a second answer for the same charge', () => spec.given([requested, charged]).when(chargedBy).thenNothingHappened());

  it('refunds a charged payment, once', () => {
    spec
      .given([requested, charged])
      .when(refund)
      .then([refundRequested('shipping refused')]);
    spec
      .given([requested, charged, refundRequested('x')])
      .when(refund)
      .thenNothingHappened();
    spec
      .given([requested, charged, refundRequested('x'), refunded])
      .when(refund)
      .thenNothingHappened();
  });

  it("records the provider's refund, once, and refuses one nobody asked for", () => {
    spec
      .given([requested, charged, refundRequested('x')])
      .when({ type: 'RecordRefund', orderId })
      .then([refunded]);
    spec
      .given([requested, charged, refundRequested('x'), refunded])
      .when({ type: 'RecordRefund', orderId })
      .thenNothingHappened();
    spec
      .given([requested, charged])
      .when({ type: 'RecordRefund', orderId })
      .thenThrows(/no refund under way/);
  });

  it('voids a payment refunded before any charge, and refuses the late request', () => {
    spec
      .given([])
      .when(refund)
      .then([{ type: 'PaymentVoided', data: { orderId, reason: 'shipping refused' } }]);
    spec
      .given([voided])
      .when(request)
      .thenThrows(/cancelled before it was taken/);
  });

  it('refunds at once a charge that lands after the refund', () => {
    spec
      .given([requested, voided])
      .when(chargedBy)
      .then([charged, refundRequested('the refund arrived before the charge')]);
  });

  it('has nothing to refund for a declined or failed payment', () => {
    spec
      .given([requested, { type: 'PaymentDeclined', data: { orderId, amountCents: 2500, reason: 'card declined' } }])
      .when(refund)
      .thenNothingHappened();
    spec
      .given([requested, { type: 'PaymentFailed', data: { orderId, reason: 'down' } }])
      .when(refund)
      .thenNothingHappened();
  });
});
