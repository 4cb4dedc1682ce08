// What the order use cases work with — the event store, the outbox, the order saga's runner and where
// the order's facts go — and the one move every use case makes on the order itself.
import { Commands, MessageCatalog } from '@eventshop/contracts';
import { handleCommands, type EventStore, type HandleCommandsOptions, type Transaction } from '@eventshop/event-store';
import type { Outbox, ReplyRoute } from '@eventshop/messaging';
import { SagaMetrics, SagaRunner } from '@eventshop/saga';
import type { Registry } from 'prom-client';
import type { OrderConfig } from '../config';
import { orderStreamId } from '../domain/order';
import { orderDecider, type OrderCommand } from '../domain/order.decide';
import { orderFacts } from './order-facts';
import { orderSagaDefinition, type OrderSagaContext } from './order-saga.definition';

export interface OrderContext {
  store: EventStore;
  outbox: Outbox;
  saga: SagaRunner<OrderSagaContext>;
  /** order.events (prefixed in tests). */
  factsTopic: string;
}

/**
 * The context as the module provides it: the saga definition with the configured topics and timings,
 * every outgoing command checked against the contract of the topic it goes to before it is written,
 * the saga's durations and step outcomes in the service's metrics.
 */
export function orderContext(config: OrderConfig, store: EventStore, outbox: Outbox, metrics: Registry): OrderContext {
  const { topics } = config;
  const commandContracts = new MessageCatalog()
    .add(topics.inventory, ...Commands.inventoryCommands)
    .add(topics.payment, ...Commands.paymentCommands)
    .add(topics.shipping, ...Commands.shippingCommands);
  const saga = new SagaRunner<OrderSagaContext>({
    definition: orderSagaDefinition(topics, config.saga),
    store,
    outbox,
    validate: (command) => void commandContracts.parse(command.topic, { type: command.type, schemaVersion: 1, data: command.data }),
    metrics: new SagaMetrics(metrics),
  });
  return { store, outbox, saga, factsTopic: topics.events };
}

/** Applies a command to the order and publishes its facts on order.events, in the same transaction. */
export function applyToOrder(ctx: OrderContext, tx: Transaction, command: OrderCommand, options?: HandleCommandsOptions): Promise<void> {
  return applyToOrders(ctx, tx, [{ command }], options);
}

/** A command for an order, and the message that caused it (whose trace its facts continue). */
export interface CausedOrderCommand {
  command: OrderCommand;
  causedBy?: ReplyRoute;
}

/**
 * Applies commands to their orders in order — a batch of saga outcomes' — with one read and one append
 * for all of them, and publishes what each decided on order.events, in the caller's transaction.
 */
export async function applyToOrders(ctx: OrderContext, tx: Transaction, commands: CausedOrderCommand[], options?: HandleCommandsOptions): Promise<void> {
  if (commands.length === 0) return;
  const decided = await handleCommands(
    ctx.store,
    tx,
    orderDecider,
    commands.map(({ command }) => ({ streamId: orderStreamId(command.orderId), command })),
    options,
  );
  await ctx.outbox.enqueue(
    tx,
    decided.flatMap(({ events, state }, i) => orderFacts(events, state, ctx.factsTopic, commands[i].causedBy)),
  );
}
