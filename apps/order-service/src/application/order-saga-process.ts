// The order saga at work: its replies (from order.saga-replies) and its passed deadlines drive it, and
// whatever it decides is published on order.events and mirrored on the order itself — priced when the
// stock is reserved, then COMPLETED, COMPENSATED or COMPENSATION_FAILED — in the same transaction.
// A batch of replies is handled together: one lock, one load and one append for all of its sagas,
// then one load and one append for the orders they move.
import type { Transaction } from '@eventshop/event-store';
import { replyRouteOf, type BatchHandler, type ReplyRoute } from '@eventshop/messaging';
import type { SagaOutcome } from '@eventshop/saga';
import type { OrderCommand } from '../domain/order.decide';
import { applyToOrders, type CausedOrderCommand, type OrderContext } from './order-context';
import { sagaProgressFacts } from './order-facts';
import type { OrderSagaContext } from './order-saga.definition';

/** What a saga decided, for which order, and the message that made it decide (if one did). */
export interface OrderSagaOutcome {
  orderId: string;
  outcome: SagaOutcome<OrderSagaContext>;
  causedBy?: ReplyRoute;
}

/** What the saga's new events ask of the order itself. */
function orderCommandsOf({ orderId, outcome }: OrderSagaOutcome): OrderCommand[] {
  return outcome.events.flatMap((event): OrderCommand[] => {
    if (event.type === 'StepSucceeded' && event.data.step === 'reserveStock') {
      const { pricedLines, totalCents } = outcome.state.context;
      return [{ type: 'PriceOrder', orderId, lines: pricedLines ?? [], totalCents: totalCents ?? 0 }];
    }
    if (event.type === 'SagaCompleted') return [{ type: 'CompleteOrder', orderId }];
    if (event.type === 'SagaCompensated') return [{ type: 'CompensateOrder', orderId, reason: event.data.reason }];
    if (event.type === 'SagaParked') return [{ type: 'FailCompensation', orderId, reason: event.data.reason }];
    return [];
  });
}

/** Publishes what the sagas decided (their timelines) and mirrors it on their orders, in the caller's transaction. */
export async function recordSagaOutcomes(ctx: OrderContext, tx: Transaction, outcomes: OrderSagaOutcome[]): Promise<void> {
  await ctx.outbox.enqueue(
    tx,
    outcomes.flatMap(({ orderId, outcome, causedBy }) => sagaProgressFacts(orderId, outcome, ctx.factsTopic, causedBy)),
  );
  await applyToOrders(
    ctx,
    tx,
    outcomes.flatMap((o) => orderCommandsOf(o).map((command): CausedOrderCommand => ({ command, causedBy: o.causedBy }))),
  );
}

export function recordSagaOutcome(ctx: OrderContext, tx: Transaction, orderId: string, outcome: SagaOutcome<OrderSagaContext>): Promise<void> {
  return recordSagaOutcomes(ctx, tx, [{ orderId, outcome }]);
}

/** A batch of saga replies, each correlated by its order id, in the inbox transaction. */
export function sagaRepliesHandler(ctx: OrderContext): BatchHandler {
  return async (messages, tx) => {
    const inputs = messages.map((message) => ({
      sagaId: message.correlationId,
      input: { type: 'Reply' as const, replyType: message.type, data: message.data },
      causedBy: replyRouteOf(message),
    }));
    const outcomes = await ctx.saga.handleMany(tx, inputs);
    await recordSagaOutcomes(
      ctx,
      tx,
      outcomes.map((outcome, i) => ({ orderId: inputs[i].sagaId, outcome, causedBy: inputs[i].causedBy })),
    );
  };
}

/** The work-queue handler for the saga's deadlines. */
export const sagaDeadlinesHandler = (ctx: OrderContext) => ctx.saga.deadlineHandler((tx, orderId, outcome) => recordSagaOutcome(ctx, tx, orderId, outcome));
