// The order saga, read top to bottom like ARCHITECTURE.md's table (T1, creating the order, happens
// locally when the saga starts; C1, cancelling it, when the saga ends compensated):
//   T2 reserve stock      -> C2 release stock
//   T3 process payment    -> C3 refund payment
//   T4 request shipping   -> C4 cancel shipment (refused once handed over: the saga parks)
//   then commit the stock (nothing to undo: the order is complete)
import { Commands, Replies, type DataOf, type OrderLine, type PricedLine, type ShippingAddress } from '@eventshop/contracts';
import { defineSaga, type SagaDefinition } from '@eventshop/saga';

export interface OrderSagaContext {
  orderId: string;
  customerId: string;
  lines: OrderLine[];
  paymentToken: string;
  shippingAddress: ShippingAddress;
  pricedLines?: PricedLine[];
  totalCents?: number;
}

export interface OrderSagaTopics {
  inventory: string;
  payment: string;
  shipping: string;
}

export interface OrderSagaTimings {
  /** How long each step waits for its participant before the attempt counts as lost. */
  stepDeadlineMs: number;
  /** Attempts per step (participants are idempotent, so a resend is safe). */
  stepAttempts: number;
  /** Attempts per compensation before the saga parks as COMPENSATION_FAILED. */
  compensationAttempts: number;
}

type ReserveReply = DataOf<typeof Replies.StockReserved>;

export function orderSagaDefinition(topics: OrderSagaTopics, timings: OrderSagaTimings): SagaDefinition<OrderSagaContext> {
  const timing = {
    deadlineMs: timings.stepDeadlineMs,
    retry: { maxAttempts: timings.stepAttempts },
    compensationRetry: { maxAttempts: timings.compensationAttempts },
  };
  const reason = 'the order saga is compensating';
  return defineSaga<OrderSagaContext>('order')
    .step({
      name: 'reserveStock',
      invoke: (c) => ({ topic: topics.inventory, type: Commands.ReserveStock.type, data: { orderId: c.orderId, lines: c.lines } }),
      succeededOn: [Replies.StockReserved.type],
      failedOn: [Replies.StockReservationFailed.type],
      onSuccess: (_c, reply) => {
        const data = reply.data as ReserveReply;
        return { pricedLines: data.lines, totalCents: data.totalCents };
      },
      compensate: (c) => ({ topic: topics.inventory, type: Commands.ReleaseStock.type, data: { orderId: c.orderId, reason } }),
      compensatedOn: [Replies.StockReleased.type],
      ...timing,
    })
    .step({
      name: 'processPayment',
      invoke: (c) => ({
        topic: topics.payment,
        type: Commands.ProcessPayment.type,
        data: { orderId: c.orderId, customerId: c.customerId, amountCents: c.totalCents ?? 0, paymentToken: c.paymentToken },
      }),
      succeededOn: [Replies.PaymentProcessed.type],
      failedOn: [Replies.PaymentFailed.type],
      compensate: (c) => ({ topic: topics.payment, type: Commands.RefundPayment.type, data: { orderId: c.orderId, reason } }),
      compensatedOn: [Replies.PaymentRefunded.type],
      ...timing,
    })
    .step({
      name: 'requestShipping',
      invoke: (c) => ({
        topic: topics.shipping,
        type: Commands.RequestShipping.type,
        data: { orderId: c.orderId, address: c.shippingAddress, lines: c.pricedLines ?? [] },
      }),
      succeededOn: [Replies.ShippingRequested.type],
      failedOn: [Replies.ShippingFailed.type],
      compensate: (c) => ({ topic: topics.shipping, type: Commands.CancelShipment.type, data: { orderId: c.orderId, reason } }),
      compensatedOn: [Replies.ShipmentCancelled.type],
      compensationRefusedOn: [Replies.ShipmentCancellationRefused.type],
      cancellable: false, // the parcel may be on its way: a customer's cancel now would come too late
      ...timing,
    })
    .step({
      name: 'commitStock',
      invoke: (c) => ({ topic: topics.inventory, type: Commands.CommitStock.type, data: { orderId: c.orderId } }),
      succeededOn: [Replies.StockCommitted.type],
      failedOn: [],
      cancellable: false,
      ...timing,
      retry: { maxAttempts: 1_000 }, // the order is paid and shipped: committing is retried, never undone
    })
    .build();
}
