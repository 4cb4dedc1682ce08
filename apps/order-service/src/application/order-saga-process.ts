// The order saga at work: its replies (from order.saga-replies) and its passed deadlines drive it, and
// whatever it decides is published on order.events and mirrored on the order itself — priced when the
// stock is reserved, then COMPLETED, COMPENSATED or COMPENSATION_FAILED — in the same transaction.
import type { Transaction } from '@eventshop/event-store';
import { replyRouteOf, type MessageHandler } from '@eventshop/messaging';
import type { SagaOutcome } from '@eventshop/saga';
import { applyToOrder, type OrderContext } from './order-context';
import { sagaProgressFacts } from './order-facts';
import type { OrderSagaContext } from './order-saga.definition';

/** Publishes what the saga decided (its timeline) and mirrors it on the order, in the caller's transaction. */
export async function recordSagaOutcome(ctx: OrderContext, tx: Transaction, orderId: string, outcome: SagaOutcome<OrderSagaContext>): Promise<void> {
  await ctx.outbox.enqueue(tx, sagaProgressFacts(orderId, outcome, ctx.factsTopic));
  for (const event of outcome.events) {
    if (event.type === 'StepSucceeded' && event.data.step === 'reserveStock') {
      const { pricedLines, totalCents } = outcome.state.context;
      await applyToOrder(ctx, tx, { type: 'PriceOrder', orderId, lines: pricedLines ?? [], totalCents: totalCents ?? 0 });
    }
    if (event.type === 'SagaCompleted') await applyToOrder(ctx, tx, { type: 'CompleteOrder', orderId });
    if (event.type === 'SagaCompensated') await applyToOrder(ctx, tx, { type: 'CompensateOrder', orderId, reason: event.data.reason });
    if (event.type === 'SagaParked') await applyToOrder(ctx, tx, { type: 'FailCompensation', orderId, reason: event.data.reason });
  }
}

/** A saga reply, correlated by order id, in the inbox transaction. */
export function sagaRepliesHandler(ctx: OrderContext): MessageHandler {
  return async (message, tx) => {
    const input = { type: 'Reply' as const, replyType: message.type, data: message.data };
    const outcome = await ctx.saga.handle(tx, message.correlationId, input, replyRouteOf(message));
    await recordSagaOutcome(ctx, tx, message.correlationId, outcome);
  };
}

/** The work-queue handler for the saga's deadlines. */
export const sagaDeadlinesHandler = (ctx: OrderContext) => ctx.saga.deadlineHandler((tx, orderId, outcome) => recordSagaOutcome(ctx, tx, orderId, outcome));
