// What payment tells the world: replies to the saga and facts on payment.events, from the events a
// decision produced (or, for a repeated command, from the state that already holds the answer).
import { envelopeOf, Facts, Replies, type EnvelopeOptions } from '@eventshop/contracts';
import type { RecordedEvent } from '@eventshop/event-store';
import type { OutboxMessage } from '@eventshop/messaging';
import type { PaymentEvent, PaymentState } from '../domain/payment';
import type { PaymentTopics } from './payment-topics';

/** Replies and facts for newly recorded payment events. */
export function messagesFor(events: RecordedEvent[], topics: PaymentTopics, options: EnvelopeOptions): OutboxMessage[] {
  const out: OutboxMessage[] = [];
  const reply = (envelope: OutboxMessage['envelope'], key: string) => out.push({ topic: topics.replies, key, envelope });
  const fact = (envelope: OutboxMessage['envelope'], key: string) => out.push({ topic: topics.events, key, envelope });
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as PaymentEvent;
    switch (event.type) {
      case 'PaymentCharged': {
        const { orderId, amountCents, provider, providerReference } = event.data;
        reply(envelopeOf(Replies.PaymentProcessed, { orderId, amountCents, providerReference }, options), orderId);
        fact(envelopeOf(Facts.PaymentCharged, { orderId, amountCents, provider, providerReference }, options), orderId);
        break;
      }
      case 'PaymentDeclined': {
        const { orderId, amountCents, reason } = event.data;
        reply(envelopeOf(Replies.PaymentFailed, { orderId, reason: `declined: ${reason}` }, options), orderId);
        fact(envelopeOf(Facts.PaymentDeclined, { orderId, amountCents, reason }, options), orderId);
        break;
      }
      case 'PaymentFailed':
        reply(envelopeOf(Replies.PaymentFailed, { orderId: event.data.orderId, reason: event.data.reason }, options), event.data.orderId);
        break;
      case 'PaymentRefunded': {
        const { orderId, amountCents } = event.data;
        reply(envelopeOf(Replies.PaymentRefunded, { orderId, amountCents }, options), orderId);
        fact(envelopeOf(Facts.PaymentRefundIssued, { orderId, amountCents }, options), orderId);
        break;
      }
      default:
        break; // requested, voided, refund requested: no answer yet
    }
  }
  return out;
}

/** The reply a repeated ProcessPayment gets from a payment already decided; none while under way. */
export function chargeReplyFromState(orderId: string, state: PaymentState, topics: PaymentTopics, options: EnvelopeOptions): OutboxMessage[] {
  if (state.status === 'charged' || state.status === 'refunding' || state.status === 'refunded') {
    const envelope = envelopeOf(
      Replies.PaymentProcessed,
      { orderId, amountCents: state.amountCents, providerReference: state.providerReference ?? 'unknown' },
      options,
    );
    return [{ topic: topics.replies, key: orderId, envelope }];
  }
  if (state.status === 'declined' || state.status === 'failed') {
    return [{ topic: topics.replies, key: orderId, envelope: envelopeOf(Replies.PaymentFailed, { orderId, reason: state.reason ?? state.status }, options) }];
  }
  return [];
}

/** The reply to RefundPayment when nothing is left to do now (nothing taken, or already refunded). */
export function refundReplyFromState(orderId: string, state: PaymentState, topics: PaymentTopics, options: EnvelopeOptions): OutboxMessage[] {
  if (state.status === 'refunding') return []; // the refund worker answers when the provider has
  const amountCents = state.status === 'refunded' ? state.amountCents : 0;
  return [{ topic: topics.replies, key: orderId, envelope: envelopeOf(Replies.PaymentRefunded, { orderId, amountCents }, options) }];
}
