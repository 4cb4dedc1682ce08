// Refunds through the provider that charged (same idempotency key every time), retried until the
// provider confirms: a refund owed is never dropped. The confirmation is recorded with its reply.
import { handleCommand, type EventStore, type RecordedEvent, type Transaction } from '@eventshop/event-store';
import { envelopeOptionsFor, type Outbox, type ReplyRoute } from '@eventshop/messaging';
import { scheduleWork, type WorkItem, type WorkOutcome, workBackoff } from '@eventshop/service-runtime';
import { paymentStreamId, type PaymentEvent } from '../domain/payment';
import { paymentDecider, WorkQueues } from './payment-decider';
import { messagesFor } from './payment-messages';
import type { PaymentTopics } from './payment-topics';

export interface RefundWork {
  orderId: string;
  amountCents: number;
  provider: string;
  route: ReplyRoute;
}

export interface RefundingProvider {
  name: string;
  refund(request: { orderId: string; amountCents: number; idempotencyKey: string }): Promise<unknown>;
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

export function refundWorker(deps: { store: EventStore; outbox: Outbox; topics: PaymentTopics; providers: RefundingProvider[] }) {
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
