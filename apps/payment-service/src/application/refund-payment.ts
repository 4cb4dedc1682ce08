// Use case: the saga compensates an order's payment (RefundPayment), in the inbox transaction. A
// charged payment gets a provider refund scheduled (the refund worker answers once the provider has);
// a payment not taken yet is voided, so a charge that still arrives is refunded at once.
import type { ParticipantContext } from '@eventshop/service-runtime';
import { handleCommand, type Transaction } from '@eventshop/event-store';
import { envelopeOptionsFor, type ReplyRoute } from '@eventshop/messaging';
import type { Commands, DataOf } from '@eventshop/contracts';
import { paymentStreamId } from '../domain/payment';
import { paymentDecider } from '../domain/payment.decide';
import { refundReplyFromState } from './payment-messages';
import { scheduleRefunds } from './refund-worker';

export async function refundPayment(ctx: ParticipantContext, tx: Transaction, data: DataOf<typeof Commands.RefundPayment>, route: ReplyRoute): Promise<void> {
  const { orderId } = data;
  const result = await handleCommand(ctx.store, {
    streamId: paymentStreamId(orderId),
    decider: paymentDecider,
    command: { type: 'RequestRefund', orderId, reason: data.reason },
    tx,
  });
  await scheduleRefunds(tx, result.events, route);
  await ctx.outbox.enqueue(tx, refundReplyFromState(orderId, result.state, ctx.topics, envelopeOptionsFor(route)));
}
