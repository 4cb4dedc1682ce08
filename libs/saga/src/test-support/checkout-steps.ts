// The steps of a small checkout saga that the saga library's own tests compose: reserve -> (notify) ->
// pay -> ship, each but notify with its undo. Each test picks the deadlines and retries it needs.
import type { SagaStep } from '../saga-definition';

export interface CheckoutContext {
  orderId: string;
  totalCents?: number;
}

type Step = SagaStep<CheckoutContext>;
export type StepTiming = Pick<Step, 'deadlineMs' | 'retry' | 'compensationRetry' | 'cancellable'>;

/** deadline, attempts at the step, attempts at its compensation. */
export const timing = (deadlineMs: number, attempts: number, compensationAttempts: number): StepTiming => ({
  deadlineMs,
  retry: { maxAttempts: attempts },
  compensationRetry: { maxAttempts: compensationAttempts },
});

export const reserveStep = (t: StepTiming): Step => ({
  name: 'reserve',
  invoke: (c) => ({ topic: 'inventory.commands', type: 'ReserveStock', data: { orderId: c.orderId } }),
  succeededOn: ['StockReserved'],
  failedOn: ['StockReservationFailed'],
  onSuccess: (_c, reply) => ({ totalCents: (reply.data as { totalCents: number }).totalCents }),
  compensate: (c) => ({ topic: 'inventory.commands', type: 'ReleaseStock', data: { orderId: c.orderId } }),
  compensatedOn: ['StockReleased'],
  ...t,
});

/** A step with nothing to undo. */
export const notifyStep = (t: StepTiming): Step => ({
  name: 'notify',
  invoke: (c) => ({ topic: 'mail.commands', type: 'SendMail', data: { orderId: c.orderId } }),
  succeededOn: ['MailSent'],
  failedOn: [],
  ...t,
});

export const payStep = (t: StepTiming): Step => ({
  name: 'pay',
  invoke: (c) => ({ topic: 'payment.commands', type: 'ProcessPayment', data: { orderId: c.orderId, amountCents: c.totalCents } }),
  succeededOn: ['PaymentProcessed'],
  failedOn: ['PaymentFailed'],
  compensate: (c) => ({ topic: 'payment.commands', type: 'RefundPayment', data: { orderId: c.orderId } }),
  compensatedOn: ['PaymentRefunded'],
  ...t,
});

/** Its undo can be refused (the parcel left), which parks the saga. */
export const shipStep = (t: StepTiming): Step => ({
  name: 'ship',
  invoke: (c) => ({ topic: 'shipping.commands', type: 'RequestShipping', data: { orderId: c.orderId } }),
  succeededOn: ['ShippingRequested'],
  failedOn: ['ShippingFailed'],
  compensate: (c) => ({ topic: 'shipping.commands', type: 'CancelShipment', data: { orderId: c.orderId } }),
  compensatedOn: ['ShipmentCancelled'],
  compensationRefusedOn: ['ShipmentCancellationRefused'],
  ...t,
});
