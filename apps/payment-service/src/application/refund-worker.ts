// Refunds through the provider that charged (same idempotency key every time), retried until the
// provider confirms: a refund owed is never dropped. The confirmation is recorded with its reply.
import type { ParticipantContext } from '@eventshop/service-runtime';
import { handleCommand, type RecordedEvent, type Transaction } from '@eventshop/event-store';
import { envelopeOptionsFor, type ReplyRoute } from '@eventshop/messaging';
import { scheduleWork, type WorkItem, type WorkOutcome, workBackoff } from '@eventshop/work-queue';
import { paymentStreamId, type PaymentEvent } from '../domain/payment';
import { paymentDecider } from '../domain/payment.decide';
import type { PaymentProvider } from './ports/payment-provider';
import { WorkQueues } from './work-queues';
import { messagesFor } from './payment-messages';

export interface RefundWork {
  orderId: string;
  amountCents: number;
  provider: string;
  route: ReplyRoute;
}

/** Schedules the provider refund for every RefundRequested among newly recorded events. */
export async function scheduleRefunds(tx: Transaction, events: RecordedEvent[], route: ReplyRoute): Promise<void> {
  for (const recorded of events) {
    if (recorded.type !== 'RefundRequested') continue;
    const data = recorded.data as Extract<PaymentEvent, { type: 'RefundRequested' }>['data'];
    const work: RefundWork = { orderId: data.orderId, amountCents: data.amountCents, provider: data.provider, route };
    await scheduleWork(tx, WorkQueues.refunds, data.orderId, work);
  }
}

export function refundWorker(deps: ParticipantContext & { providers: Pick<PaymentProvider, 'name' | 'refund'>[] }) {
  return async (item: WorkItem<RefundWork>): Promise<WorkOutcome> => {
    const work = item.payload;
    const provider = deps.providers.find((p) => p.name === work.provider);
    if (!provider) return { retryInMs: 60_000, reason: `no provider named ${work.provider} is configured` };
    try {
      await provider.refund({ orderId: work.orderId, amountCents: work.amountCents, idempotencyKey: `refund-${work.orderId}` });
    } catch (error) {
      return { retryInMs: workBackoff(item.attempts), reason: (error as Error).message };
    }
    return {
      done: async (tx) => {
        const outcome = await handleCommand(deps.store, {
          streamId: paymentStreamId(work.orderId),
          decider: paymentDecider,
          command: { type: 'RecordRefund', orderId: work.orderId },
          tx,
        });
        await deps.outbox.enqueue(tx, messagesFor(outcome.events, deps.topics, envelopeOptionsFor(work.route)));
      },
    };
  };
}
