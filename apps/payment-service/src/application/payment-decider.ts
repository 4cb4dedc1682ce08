// The payment aggregate as the event store's generic handler takes it.
import { evolvePayment, initialPaymentState } from '../domain/payment';
import { decidePayment } from '../domain/payment.decide';

export const paymentDecider = { decide: decidePayment, evolve: evolvePayment, initialState: initialPaymentState };

/** Work queues of the payment service: calls to the providers, outside any transaction. */
export const WorkQueues = { charges: 'payment.charges', refunds: 'payment.refunds' } as const;

/** Where a reply goes and what caused it, carried through the work queue to the worker. */
export interface ReplyRoute {
  correlationId: string;
  causationId: string;
  traceparent?: string;
}

/** Backoff between attempts at an outside call: 200 ms, doubling, at most 30 s. */
export const retryDelay = (attempts: number) => Math.min(30_000, 200 * 2 ** Math.max(0, attempts - 1));
