// Use case: the saga asks for an order's payment (ProcessPayment).
//
// Before the inbox transaction, outside it (chargeAtOnce): a payment never asked for before is charged
// at once, with the idempotency key the charge worker uses. In the inbox transaction (processPayment):
// the request is recorded together with the answer when the answer settled the charge — one
// transaction for the usual payment instead of one for the request and one for the answer. When it did
// not (no provider could act, or the outcome is unknown), the charge becomes a work item committed with
// the request and the charge worker takes it from there, as it would any retry.
// Doing it again changes nothing: a redelivered command finds the payment recorded and is not charged
// again (a copy skipped by the inbox was charged with the same key: the provider answers with the
// charge it made). A repeated command gets the answer the payment already holds.
import type { ParticipantContext } from '@eventshop/service-runtime';
import { DomainError, handleCommand, loadAggregate, type EventStore, type Transaction } from '@eventshop/event-store';
import { envelopeOptionsFor, replyTo, type ReplyRoute } from '@eventshop/messaging';
import { Replies, type Commands, type DataOf } from '@eventshop/contracts';
import { scheduleWork } from '@eventshop/work-queue';
import { paymentStreamId } from '../domain/payment';
import { paymentDecider } from '../domain/payment.decide';
import { followUpCharge, type ChargeWork } from './charge-worker';
import { chargeRequestFor, chargeThroughProviders, settledBy, type ChargeAttempt, type ChargingProvider } from './charging';
import { chargeReplyFromState } from './payment-messages';
import { WorkQueues } from './work-queues';

type ProcessPayment = DataOf<typeof Commands.ProcessPayment>;

/** Charges a payment never asked for before, outside any transaction; nothing for one already asked for (or voided). */
export async function chargeAtOnce(deps: { store: EventStore; providers: ChargingProvider[] }, data: ProcessPayment): Promise<ChargeAttempt | undefined> {
  const { state } = await loadAggregate(deps.store, paymentStreamId(data.orderId), paymentDecider);
  if (state.status !== 'none' || state.voided) return undefined;
  return chargeThroughProviders(deps.providers, chargeRequestFor(data.orderId, data.amountCents, data.paymentToken));
}

export async function processPayment(
  ctx: ParticipantContext,
  tx: Transaction,
  data: ProcessPayment,
  route: ReplyRoute,
  attempt?: ChargeAttempt,
): Promise<void> {
  const { orderId } = data;
  try {
    const result = await handleCommand(ctx.store, {
      streamId: paymentStreamId(orderId),
      decider: paymentDecider,
      command: { type: 'RequestPayment', orderId, customerId: data.customerId, amountCents: data.amountCents, answer: attempt && settledBy(attempt) },
      tx,
    });
    if (result.events.length === 0) {
      await ctx.outbox.enqueue(tx, chargeReplyFromState(orderId, result.state, ctx.topics, envelopeOptionsFor(route)));
    } else if (result.state.status === 'requested') {
      // Not settled at once: after an answer of unknown outcome only that provider may be asked again.
      const stickTo = attempt?.kind === 'unknown' ? attempt.provider : undefined;
      const work: ChargeWork = { orderId, amountCents: data.amountCents, token: data.paymentToken, route, ...(stickTo ? { stickTo } : {}) };
      await scheduleWork(tx, WorkQueues.charges, orderId, work);
    } else {
      await followUpCharge(ctx, tx, result.events, route);
    }
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'refused')) throw error;
    // The payment was voided by a refund that came first: the answer is a failure, not a dead letter.
    await ctx.outbox.enqueue(tx, [replyTo(route, ctx.topics.replies, Replies.PaymentFailed, { orderId, reason: error.message })]);
  }
}
