// Takes due charges off the work queue and asks the providers, outside any transaction; records the
// answer (with its reply and facts) in one transaction. While no provider can act, the payment stays
// PENDING and the charge is retried with backoff until the charge deadline, then fails clearly. An
// answer of unknown outcome is retried — with the same provider and key — until it is known.
import type { ParticipantContext } from '@eventshop/service-runtime';
import { handleCommand, loadAggregate, type RecordedEvent, type Transaction } from '@eventshop/event-store';
import { envelopeOptionsFor, type ReplyRoute } from '@eventshop/messaging';
import { earlierAttemptMayHaveActed, nothingToRecord, type WorkItem, type WorkOutcome, workBackoff } from '@eventshop/work-queue';
import { paymentStreamId } from '../domain/payment';
import { paymentDecider, type ChargeResult } from '../domain/payment.decide';
import { chargeRequestFor, chargeThroughProviders, resultOf, type ChargingProvider } from './charging';
import { messagesFor } from './payment-messages';
import { scheduleRefunds } from './refund-worker';

export interface ChargeWork {
  orderId: string;
  amountCents: number;
  token: string;
  route: ReplyRoute;
  /** Set after an answer of unknown outcome: only this provider may be asked again. */
  stickTo?: string;
}

export interface ChargeWorkerDeps extends ParticipantContext {
  providers: ChargingProvider[];
  /** How long a charge may stay PENDING while no provider can act. */
  chargeDeadlineMs: number;
  now?: () => Date;
}

/** What newly recorded payment events lead to: their reply and facts, and the refund of money taken for a voided payment. */
export async function followUpCharge(ctx: ParticipantContext, tx: Transaction, events: RecordedEvent[], route: ReplyRoute): Promise<void> {
  await scheduleRefunds(tx, events, route);
  await ctx.outbox.enqueue(tx, messagesFor(events, ctx.topics, envelopeOptionsFor(route)));
}

export function chargeWorker(deps: ChargeWorkerDeps): (item: WorkItem<ChargeWork>) => Promise<WorkOutcome> {
  const { store } = deps;
  return async (item) => {
    const work = item.payload;
    const streamId = paymentStreamId(work.orderId);
    const record = (result: ChargeResult): WorkOutcome => ({
      done: async (tx) => {
        const outcome = await handleCommand(store, { streamId, decider: paymentDecider, command: { type: 'RecordCharge', orderId: work.orderId, result }, tx });
        await followUpCharge(deps, tx, outcome.events, work.route);
      },
    });

    const { state } = await loadAggregate(store, streamId, paymentDecider);
    if (state.status !== 'requested') return nothingToRecord; // answered already
    // Voided by the saga's refund before a charge was recorded. If no earlier attempt can have reached a
    // provider, nothing was taken. Otherwise — an answer of unknown outcome (stickTo), or one lost
    // before it was recorded — charge again with the same idempotency key: the provider answers with
    // the charge it made, if any, and a charge recorded on a voided payment is refunded at once.
    if (state.voided && !earlierAttemptMayHaveActed(item)) return record({ outcome: 'failed', reason: 'the payment was cancelled before it was taken' });

    const attempt = await chargeThroughProviders(deps.providers, chargeRequestFor(work.orderId, work.amountCents, work.token), work.stickTo);
    switch (attempt.kind) {
      case 'charged':
      case 'declined':
        return record(resultOf(attempt));
      case 'unknown':
        return { retryInMs: workBackoff(item.attempts), reason: attempt.reason, payload: { ...work, stickTo: attempt.provider } };
      case 'unavailable': {
        const waited = (deps.now?.() ?? new Date()).getTime() - item.createdAt.getTime();
        if (waited >= deps.chargeDeadlineMs) return record({ outcome: 'failed', reason: `payment providers unavailable: ${attempt.reason}` });
        return { retryInMs: workBackoff(item.attempts), reason: attempt.reason };
      }
    }
  };
}
