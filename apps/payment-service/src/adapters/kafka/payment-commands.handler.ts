// Saga commands from payment.commands, in the inbox transaction. Nothing here calls a provider: a
// charge or refund becomes a work item, committed with the payment's events; the workers call out.
import { DomainError, handleCommand, type EventStore, type Transaction } from '@eventshop/event-store';
import { envelopeOptionsFor, replyRouteOf, type InboundMessage, type MessageHandler, type Outbox, type ReplyRoute } from '@eventshop/messaging';
import { scheduleWork } from '@eventshop/service-runtime';
import { envelopeOf, Replies, type Commands, type DataOf } from '@eventshop/contracts';
import { paymentStreamId } from '../../domain/payment';
import { paymentDecider, WorkQueues } from '../../application/payment-decider';
import { chargeReplyFromState, refundReplyFromState } from '../../application/payment-messages';
import type { PaymentTopics } from '../../application/payment-topics';
import type { ChargeWork } from '../../application/charge-worker';
import { scheduleRefunds } from '../../application/refund-worker';

export function paymentCommandsHandler(store: EventStore, outbox: Outbox, topics: PaymentTopics): MessageHandler {
  return async (message, tx) => {
    const route = replyRouteOf(message);
    if (message.type === 'ProcessPayment') return processPayment(store, outbox, topics, tx, message.data as DataOf<typeof Commands.ProcessPayment>, route);
    if (message.type === 'RefundPayment') return refundPayment(store, outbox, topics, tx, message.data as DataOf<typeof Commands.RefundPayment>, route);
    throw new Error(`payment has no handler for ${(message as InboundMessage).type}`);
  };
}

async function processPayment(
  store: EventStore,
  outbox: Outbox,
  topics: PaymentTopics,
  tx: Transaction,
  data: DataOf<typeof Commands.ProcessPayment>,
  route: ReplyRoute,
) {
  const { orderId } = data;
  try {
    const result = await handleCommand(store, {
      streamId: paymentStreamId(orderId),
      decider: paymentDecider,
      command: { type: 'RequestPayment', orderId, customerId: data.customerId, amountCents: data.amountCents },
      tx,
    });
    if (result.events.length > 0) {
      const work: ChargeWork = { orderId, amountCents: data.amountCents, token: data.paymentToken, route };
      await scheduleWork(tx, WorkQueues.charges, orderId, work);
    } else {
      await outbox.enqueue(tx, chargeReplyFromState(orderId, result.state, topics, envelopeOptionsFor(route)));
    }
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'refused')) throw error;
    // The payment was voided by a refund that came first: the answer is a failure, not a dead letter.
    await outbox.enqueue(tx, [
      { topic: topics.replies, key: orderId, envelope: envelopeOf(Replies.PaymentFailed, { orderId, reason: error.message }, envelopeOptionsFor(route)) },
    ]);
  }
}

async function refundPayment(
  store: EventStore,
  outbox: Outbox,
  topics: PaymentTopics,
  tx: Transaction,
  data: DataOf<typeof Commands.RefundPayment>,
  route: ReplyRoute,
) {
  const { orderId } = data;
  const result = await handleCommand(store, {
    streamId: paymentStreamId(orderId),
    decider: paymentDecider,
    command: { type: 'RequestRefund', orderId, reason: data.reason },
    tx,
  });
  await scheduleRefunds(tx, result.events, route);
  await outbox.enqueue(tx, refundReplyFromState(orderId, result.state, topics, envelopeOptionsFor(route)));
}
