// Use case: place an order, idempotently by its Idempotency-Key. Claiming the key, recording the
// order (PENDING) and starting its saga happen in one transaction: the same key and body again give
// the same order; the same key with another body is refused (422); nothing is ever half-written.
import { createHash, randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { consistencyTokenOf, type PlaceOrderBody } from '@eventshop/contracts';
import { DomainError } from '@eventshop/event-store';
import { applyToOrder, type OrderContext } from './order-context';
import { recordSagaOutcome } from './order-saga-process';
import type { IdempotencyKeys } from './ports/idempotency-keys';
import { IDEMPOTENCY_KEYS, ORDER_CONTEXT } from './tokens';

export interface OrderAccepted {
  orderId: string;
  status: 'PENDING';
  /** Pass it to the read side (query-service) to read this order as placed, never a 404 for it. */
  consistencyToken: string;
}

export async function placeOrder(ctx: OrderContext, keys: IdempotencyKeys, key: string, body: PlaceOrderBody): Promise<OrderAccepted> {
  const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  return ctx.store.transaction(async (tx) => {
    const orderId = randomUUID();
    const claim = await keys.claim(tx, key, requestHash, orderId);
    if (claim.orderId !== orderId) {
      if (claim.requestHash !== requestHash) throw new DomainError('refused', 'this Idempotency-Key was used for a different order');
      const sagaSequence = await ctx.store.streamVersion(ctx.saga.streamId(claim.orderId), tx);
      return { orderId: claim.orderId, status: 'PENDING', consistencyToken: consistencyTokenOf({ orderId: claim.orderId, sagaSequence }) };
    }
    // The id was made here, so the order and its saga are new: neither is read, nor the saga locked.
    const { customerId, items: lines, shippingAddress } = body;
    await applyToOrder(ctx, tx, { type: 'PlaceOrder', orderId, customerId, lines, shippingAddress }, { newStreams: true });
    const started = await ctx.saga.startNew(tx, orderId, { orderId, customerId, lines, paymentToken: body.payment.token, shippingAddress });
    await recordSagaOutcome(ctx, tx, orderId, started);
    return { orderId, status: 'PENDING', consistencyToken: consistencyTokenOf({ orderId, sagaSequence: started.version }) };
  });
}

export class PlaceOrderCommand {
  constructor(
    readonly idempotencyKey: string,
    readonly body: PlaceOrderBody,
  ) {}
}

@CommandHandler(PlaceOrderCommand)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderCommand, OrderAccepted> {
  constructor(
    @Inject(ORDER_CONTEXT) private readonly ctx: OrderContext,
    @Inject(IDEMPOTENCY_KEYS) private readonly keys: IdempotencyKeys,
  ) {}

  execute({ idempotencyKey, body }: PlaceOrderCommand): Promise<OrderAccepted> {
    return placeOrder(this.ctx, this.keys, idempotencyKey, body);
  }
}
