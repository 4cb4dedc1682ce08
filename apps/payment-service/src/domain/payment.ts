// One order's payment: requested, then charged, declined or failed; refunded on compensation. A refund
// that comes before the charge voids the payment: a charge that still happens is refunded at once.
export type PaymentEvent =
  | { type: 'PaymentRequested'; data: { orderId: string; customerId: string; amountCents: number } }
  | { type: 'PaymentCharged'; data: { orderId: string; amountCents: number; provider: string; providerReference: string } }
  | { type: 'PaymentDeclined'; data: { orderId: string; amountCents: number; reason: string } }
  | { type: 'PaymentFailed'; data: { orderId: string; reason: string } }
  | { type: 'PaymentVoided'; data: { orderId: string; reason: string } }
  | { type: 'RefundRequested'; data: { orderId: string; amountCents: number; provider: string; reason: string } }
  | { type: 'PaymentRefunded'; data: { orderId: string; amountCents: number; provider: string } };

export type PaymentStatus = 'none' | 'requested' | 'charged' | 'declined' | 'failed' | 'refunding' | 'refunded';

export interface PaymentState {
  status: PaymentStatus;
  /** A refund was asked for before any charge: no charge may stand. */
  voided: boolean;
  amountCents: number;
  provider?: string;
  providerReference?: string;
  reason?: string;
}

export const initialPaymentState = (): PaymentState => ({ status: 'none', voided: false, amountCents: 0 });

export function evolvePayment(state: PaymentState, event: PaymentEvent): PaymentState {
  switch (event.type) {
    case 'PaymentRequested':
      return { ...state, status: 'requested', amountCents: event.data.amountCents };
    case 'PaymentCharged':
      return { ...state, status: 'charged', provider: event.data.provider, providerReference: event.data.providerReference };
    case 'PaymentDeclined':
      return { ...state, status: 'declined', reason: event.data.reason };
    case 'PaymentFailed':
      return { ...state, status: 'failed', reason: event.data.reason };
    case 'PaymentVoided':
      return { ...state, voided: true, reason: event.data.reason };
    case 'RefundRequested':
      return { ...state, status: 'refunding' };
    case 'PaymentRefunded':
      return { ...state, status: 'refunded' };
  }
}

export const paymentStreamId = (orderId: string) => `payment-${orderId}`;
