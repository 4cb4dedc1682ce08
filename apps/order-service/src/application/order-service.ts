// The order service's use cases: place an order (idempotently, by key) and start its saga in the same
// transaction; feed the saga its replies and deadlines and mirror its outcome on the order; cancel;
// resume a parked saga; read an order with its saga steps.
import { createHash, randomUUID } from 'node:crypto';
import { DomainError, handleCommand, loadAggregate, type EventStore, type Migration, type Transaction } from '@eventshop/event-store';
import { replyRouteOf, type MessageHandler, type Outbox, type OutboxMessage } from '@eventshop/messaging';
import { envelopeOf, Facts } from '@eventshop/contracts';
import { SagaRunner, type SagaOutcome } from '@eventshop/saga';
import { orderStreamId, type OrderStatus } from '../domain/order';
import { orderDecider, type OrderCommand } from '../domain/order.decide';
import type { OrderSagaContext } from './order-saga.definition';
import type { PlaceOrderBody } from './order-requests';

export const orderMigrations: Migration[] = [
  {
    id: 'order-service/001-idempotency-keys',
    sql: `CREATE TABLE order_idempotency_keys (
            key text PRIMARY KEY, request_hash text NOT NULL, order_id text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now())`,
  },
];

export interface OrderView {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  items: { sku: string; quantity: number; unitPriceCents?: number }[];
  totalCents?: number;
  failureReason?: string;
  steps: { step: string; event: string; at: string; attempt?: number; reason?: string }[];
}

export class OrderService {
  constructor(
    private readonly store: EventStore,
    readonly saga: SagaRunner<OrderSagaContext>,
    private readonly outbox: Outbox,
    private readonly factsTopic: string,
  ) {}

  /** Places an order, or returns the one placed before with the same key and body (422 if the body differs). */
  async placeOrder(key: string, body: PlaceOrderBody): Promise<{ orderId: string; status: 'PENDING' }> {
    const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    return this.store.transaction(async (tx) => {
      const orderId = randomUUID();
      const claimed = await tx.query<{ order_id: string; request_hash: string }>(
        `INSERT INTO order_idempotency_keys (key, request_hash, order_id) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING order_id, request_hash`,
        [key, requestHash, orderId],
      );
      const existing = claimed.rows[0];
      if (existing.order_id !== orderId) {
        if (existing.request_hash !== requestHash) throw new DomainError('refused', 'this Idempotency-Key was used for a different order');
        return { orderId: existing.order_id, status: 'PENDING' as const };
      }
      await this.apply(tx, { type: 'PlaceOrder', orderId, customerId: body.customerId, lines: body.items, shippingAddress: body.shippingAddress });
      await this.saga.start(tx, orderId, {
        orderId,
        customerId: body.customerId,
        lines: body.items,
        paymentToken: body.payment.token,
        shippingAddress: body.shippingAddress,
      });
      return { orderId, status: 'PENDING' as const };
    });
  }

  /** Saga replies from order.saga-replies, correlated by order id. */
  repliesHandler(): MessageHandler {
    return async (message, tx) => {
      const outcome = await this.saga.handle(tx, message.correlationId, { type: 'Reply', replyType: message.type, data: message.data }, replyRouteOf(message));
      await this.mirror(tx, message.correlationId, outcome);
    };
  }

  /** Mirrors what the saga decided on the order itself. */
  readonly mirror = async (tx: Transaction, orderId: string, outcome: SagaOutcome<OrderSagaContext>): Promise<void> => {
    for (const event of outcome.events) {
      if (event.type === 'StepSucceeded' && event.data.step === 'reserveStock') {
        const { pricedLines, totalCents } = outcome.state.context;
        await this.apply(tx, { type: 'PriceOrder', orderId, lines: pricedLines ?? [], totalCents: totalCents ?? 0 });
      }
      if (event.type === 'SagaCompleted') await this.apply(tx, { type: 'CompleteOrder', orderId });
      if (event.type === 'SagaCompensated') await this.apply(tx, { type: 'CompensateOrder', orderId, reason: event.data.reason });
      if (event.type === 'SagaParked') await this.apply(tx, { type: 'FailCompensation', orderId, reason: event.data.reason });
    }
  };

  /** The customer's cancel: refused (409) once shipping was requested or the order ended. */
  async cancel(orderId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const order = await loadAggregate(this.store, orderStreamId(orderId), orderDecider, undefined, tx);
      if (order.state.status === 'NONE') throw new DomainError('not-found', `no order ${orderId}`);
      if (order.state.status !== 'PENDING') throw new DomainError('conflict', `order ${orderId} is ${order.state.status}`);
      const saga = await this.saga.load(orderId);
      if (saga.step === 'requestShipping' || saga.step === 'commitStock' || saga.status !== 'running') {
        throw new DomainError('conflict', `order ${orderId} can no longer be cancelled (${saga.step ?? saga.status})`);
      }
      const outcome = await this.saga.handle(tx, orderId, { type: 'Cancel', reason: 'cancelled by the customer' });
      await this.mirror(tx, orderId, outcome);
    });
  }

  /** An admin's resume of a saga parked as COMPENSATION_FAILED. */
  async resume(orderId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const outcome = await this.saga.handle(tx, orderId, { type: 'Resume' });
      if (outcome.events.length === 0) throw new DomainError('conflict', `the saga of order ${orderId} is not parked`);
    });
  }

  async view(orderId: string): Promise<OrderView> {
    const { state } = await loadAggregate(this.store, orderStreamId(orderId), orderDecider);
    if (state.status === 'NONE' || !state.orderId || !state.customerId) throw new DomainError('not-found', `no order ${orderId}`);
    const sagaEvents = await this.store.readStream(this.saga.streamId(orderId));
    const priced = new Map(state.pricedLines?.map((l) => [l.sku, l.unitPriceCents]));
    return {
      orderId,
      customerId: state.customerId,
      status: state.status,
      items: state.lines.map((l) => ({ ...l, unitPriceCents: priced.get(l.sku) })),
      totalCents: state.totalCents,
      failureReason: state.failureReason,
      steps: sagaEvents.map((e) => {
        const data = e.data as { step?: string; attempt?: number; reason?: string };
        return { step: data.step ?? 'saga', event: e.type, at: e.createdAt.toISOString(), attempt: data.attempt, reason: data.reason };
      }),
    };
  }

  /** Applies a command to the order and publishes its facts on order.events, in the same transaction. */
  private async apply(tx: Transaction, command: OrderCommand): Promise<void> {
    await handleCommand(this.store, {
      streamId: orderStreamId(command.orderId),
      decider: orderDecider,
      command,
      tx,
      inTransaction: (t, { events, state }) =>
        this.outbox.enqueue(
          t,
          events.flatMap((e) => this.factOf(e.type, e.data as never, state.totalCents ?? 0)),
        ),
    });
  }

  private factOf(type: string, data: { orderId: string } & Record<string, unknown>, totalCents: number): OutboxMessage[] {
    const options = { correlationId: data.orderId };
    const fact = (envelope: OutboxMessage['envelope']) => [{ topic: this.factsTopic, key: data.orderId, envelope }];
    switch (type) {
      case 'OrderPlaced':
        return fact(envelopeOf(Facts.OrderPlaced, data as never, options));
      case 'OrderCompleted':
        return fact(envelopeOf(Facts.OrderCompleted, { orderId: data.orderId, totalCents }, options));
      case 'OrderCompensated':
        return fact(envelopeOf(Facts.OrderCompensated, { orderId: data.orderId, reason: String(data['reason']) }, options));
      default:
        return [];
    }
  }
}
