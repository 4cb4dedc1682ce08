// The payment aggregate as the event store's generic handler takes it.
import { evolvePayment, initialPaymentState } from '../domain/payment';
import { decidePayment } from '../domain/payment.decide';

export const paymentDecider = { decide: decidePayment, evolve: evolvePayment, initialState: initialPaymentState };

/** Work queues of the payment service: calls to the providers, outside any transaction. */
export const WorkQueues = { charges: 'payment.charges', refunds: 'payment.refunds' } as const;
