// What a payment does with each command. The provider's answers come in as commands too
// (RecordCharge, RecordRefund), so every decision — including "refund the charge that arrived after
// the refund" — is here, pure, and tested.
import { DomainError } from '@eventshop/event-store';
import { evolvePayment, initialPaymentState, type PaymentEvent, type PaymentState } from './payment';

export type ChargeResult =
  { outcome: 'charged'; provider: string; providerReference: string } | { outcome: 'declined'; reason: string } | { outcome: 'failed'; reason: string };

export type PaymentCommand =
  | {
      type: 'RequestPayment';
      orderId: string;
      customerId: string;
      amountCents: number;
      /** The provider's answer to a charge made before the request was recorded (tried at once), if it settled it. */
      answer?: ChargeResult;
    }
  | { type: 'RecordCharge'; orderId: string; result: ChargeResult }
  | { type: 'RequestRefund'; orderId: string; reason: string }
  | { type: 'RecordRefund'; orderId: string };

export function decidePayment(command: PaymentCommand, state: PaymentState): PaymentEvent[] {
  const { orderId } = command;
  switch (command.type) {
    case 'RequestPayment': {
      // Money already taken for a voided payment is recorded, to be refunded at once (recordCharge).
      if (state.voided && !(state.status === 'none' && command.answer?.outcome === 'charged'))
        throw new DomainError('refused', 'the payment was cancelled before it was taken');
      if (state.status !== 'none') return [];
      const requested: PaymentEvent = { type: 'PaymentRequested', data: { orderId, customerId: command.customerId, amountCents: command.amountCents } };
      // Charged (or declined) at once: the answer is recorded with the request.
      return command.answer ? [requested, ...recordCharge(orderId, command.answer, evolvePayment(state, requested))] : [requested];
    }

    case 'RecordCharge':
      return state.status === 'requested' ? recordCharge(orderId, command.result, state) : [];

    case 'RequestRefund':
      switch (state.status) {
        case 'none':
        case 'requested':
          return state.voided ? [] : [{ type: 'PaymentVoided', data: { orderId, reason: command.reason } }];
        case 'charged':
          return [refundRequested(orderId, state, command.reason)];
        default:
          return []; // declined, failed: nothing was taken; refunding, refunded: under way or done
      }

    case 'RecordRefund':
      if (state.status === 'refunded') return [];
      if (state.status !== 'refunding') throw new DomainError('conflict', `payment of order ${orderId} has no refund under way (${state.status})`);
      return [{ type: 'PaymentRefunded', data: { orderId, amountCents: state.amountCents, provider: state.provider ?? 'unknown' } }];

    default:
      return unknownCommand(command);
  }
}

function recordCharge(orderId: string, result: ChargeResult, state: PaymentState): PaymentEvent[] {
  const amountCents = state.amountCents;
  switch (result.outcome) {
    case 'charged': {
      const charged: PaymentEvent = {
        type: 'PaymentCharged',
        data: { orderId, amountCents, provider: result.provider, providerReference: result.providerReference },
      };
      // The refund came first: this money must go straight back.
      if (state.voided) return [charged, refundRequested(orderId, { ...state, provider: result.provider }, 'the refund arrived before the charge')];
      return [charged];
    }
    case 'declined':
      return [{ type: 'PaymentDeclined', data: { orderId, amountCents, reason: result.reason } }];
    case 'failed':
      return [{ type: 'PaymentFailed', data: { orderId, reason: result.reason } }];
  }
}

function refundRequested(orderId: string, state: PaymentState, reason: string): PaymentEvent {
  return { type: 'RefundRequested', data: { orderId, amountCents: state.amountCents, provider: state.provider ?? 'unknown', reason } };
}

function unknownCommand(command: never): never {
  throw new Error(`unknown payment command ${JSON.stringify(command)}`);
}

/** The payment aggregate, as the event store's command handler and the specifications take it. */
export const paymentDecider = { decide: decidePayment, evolve: evolvePayment, initialState: initialPaymentState };
