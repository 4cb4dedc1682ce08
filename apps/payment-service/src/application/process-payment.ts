// Use case: the saga asks for an order's payment (ProcessPayment), in the inbox transaction. Nothing
// here calls a provider: the charge becomes a work item committed with the payment's events, and the
// charge worker calls out. A repeated command gets the answer the payment already holds.
import type { ParticipantContext } from '@eventshop/service-runtime';
import { DomainError, handleCommand, type Transaction } from '@eventshop/event-store';
import { envelopeOptionsFor, replyTo, type ReplyRoute } from '@eventshop/messaging';
import { Replies, type Commands, type DataOf } from '@eventshop/contracts';
import { scheduleWork } from '@eventshop/work-queue';
import { paymentStreamId } from '../domain/payment';
import { paymentDecider } from '../domain/payment.decide';
import type { ChargeWork } from './charge-worker';
import { chargeReplyFromState } from './payment-messages';
import { WorkQueues } from './work-queues';

export async function processPayment(ctx: ParticipantContext, tx: Transaction, data: DataOf<typeof Commands.ProcessPayment>, route: ReplyRoute): Promise<void> {
  const { orderId } = data;
  try {
    const result = await handleCommand(ctx.store, {
      streamId: paymentStreamId(orderId),
      decider: paymentDecider,
      command: { type: 'RequestPayment', orderId, customerId: data.customerId, amountCents: data.amountCents },
      tx,
    });
    if (result.events.length > 0) {
      const work: ChargeWork = { orderId, amountCents: data.amountCents, token: data.paymentToken, route };
      await scheduleWork(tx, WorkQueues.charges, orderId, work);
    } else {
      await ctx.outbox.enqueue(tx, chargeReplyFromState(orderId, result.state, ctx.topics, envelopeOptionsFor(route)));
    }
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'refused')) throw error;
    // The payment was voided by a refund that came first: the answer is a failure, not a dead letter.
    await ctx.outbox.enqueue(tx, [replyTo(route, ctx.topics.replies, Replies.PaymentFailed, { orderId, reason: error.message })]);
  }
}
