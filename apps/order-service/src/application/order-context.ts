// What the order use cases work with — the event store, the outbox, the order saga's runner and where
// the order's facts go — and the one move every use case makes on the order itself.
import { Commands, MessageCatalog } from '@eventshop/contracts';
import { handleCommand, type EventStore, type Transaction } from '@eventshop/event-store';
import type { Outbox } from '@eventshop/messaging';
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
export async function applyToOrder(ctx: OrderContext, tx: Transaction, command: OrderCommand): Promise<void> {
  await handleCommand(ctx.store, {
    streamId: orderStreamId(command.orderId),
    decider: orderDecider,
    command,
    tx,
    inTransaction: (t, { events, state }) => ctx.outbox.enqueue(t, orderFacts(events, state, ctx.factsTopic)),
  });
}
