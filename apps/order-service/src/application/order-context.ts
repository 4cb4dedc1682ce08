// What the order use cases work with: the event store, the outbox, the order saga and where the
// order's facts go; and the one move every use case makes on the order itself.
import { handleCommand, type EventStore, type Transaction } from '@eventshop/event-store';
import type { Outbox } from '@eventshop/messaging';
import type { SagaRunner } from '@eventshop/saga';
import { orderStreamId } from '../domain/order';
import { orderDecider, type OrderCommand } from '../domain/order.decide';
import { orderFacts } from './order-facts';
import type { OrderSagaContext } from './order-saga.definition';

export interface OrderContext {
  store: EventStore;
  outbox: Outbox;
  saga: SagaRunner<OrderSagaContext>;
  /** order.events (prefixed in tests). */
  factsTopic: string;
}

/** Applies a command to the order and publishes its facts on order.events, in the same transaction. */
export async function applyToOrder(ctx: OrderContext, tx: Transaction, command: OrderCommand): Promise<void> {
  await handleCommand(ctx.store, {
    streamId: orderStreamId(command.orderId),
    decider: orderDecider,
    command,
    tx,
    inTransaction: (t, { events, state }) => ctx.outbox.enqueue(t, orderFacts(events, state, ctx.factsTopic)),
  });
}
