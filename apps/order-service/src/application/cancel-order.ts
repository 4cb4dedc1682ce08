// Use case: the customer cancels an order. The saga decides, under its lock, whether it still may
// (its definition marks the steps that can no longer be cancelled); a refusal is a 409 with the reason.
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, loadAggregate } from '@eventshop/event-store';
import { orderStreamId } from '../domain/order';
import { orderDecider } from '../domain/order.decide';
import type { OrderContext } from './order-context';
import { ORDER_CONTEXT } from './tokens';
import { recordSagaOutcome } from './order-saga-process';

export async function cancelOrder(ctx: OrderContext, orderId: string): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const order = await loadAggregate(ctx.store, orderStreamId(orderId), orderDecider, undefined, tx);
    if (order.state.status === 'NONE') throw new DomainError('not-found', `no order ${orderId}`);
    if (order.state.status !== 'PENDING') throw new DomainError('conflict', `order ${orderId} is ${order.state.status}`);
    const outcome = await ctx.saga.handle(tx, orderId, { type: 'Cancel', reason: 'cancelled by the customer' });
    await recordSagaOutcome(ctx, tx, orderId, outcome);
  });
}

export class CancelOrderCommand {
  constructor(readonly orderId: string) {}
}

@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand, void> {
  constructor(@Inject(ORDER_CONTEXT) private readonly ctx: OrderContext) {}

  execute({ orderId }: CancelOrderCommand): Promise<void> {
    return cancelOrder(this.ctx, orderId);
  }
}
