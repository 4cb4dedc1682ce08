// order-service: the order saga (runner, replies consumer, deadline worker), the order HTTP API.
import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Commands, MessageCatalog, Replies } from '@eventshop/contracts';
import { SagaRunner, type DeadlineWork } from '@eventshop/saga';
import { HealthController, InfrastructureLifecycle, MetricsController, ServiceInfrastructure } from '@eventshop/service-runtime';
import { createLogger } from '@eventshop/observability';
import { OrdersController } from './adapters/http/orders.controller';
import { orderSagaDefinition, type OrderSagaContext } from './application/order-saga.definition';
import { orderMigrations, OrderService } from './application/order-service';
import type { OrderConfig } from './config';

@Module({})
export class OrderModule {
  static create(config: OrderConfig): DynamicModule {
    const logger = createLogger('order-service', config.logLevel);
    const { topics } = config;
    const infrastructure = ServiceInfrastructure.forService('order', config, Object.values(topics), logger, { migrations: orderMigrations });
    const { store, outbox } = infrastructure;
    // Outgoing commands are checked against the contract of the topic they go to.
    const commandContracts = new MessageCatalog()
      .add(topics.inventory, ...Commands.inventoryCommands)
      .add(topics.payment, ...Commands.paymentCommands)
      .add(topics.shipping, ...Commands.shippingCommands);
    const saga = new SagaRunner<OrderSagaContext>({
      definition: orderSagaDefinition(topics, config.saga),
      store,
      outbox,
      validate: (command) => void commandContracts.parse(command.topic, { type: command.type, schemaVersion: 1, data: command.data }),
    });
    const orders = new OrderService(store, saga, outbox, topics.events);
    infrastructure.consume({
      name: 'saga-replies',
      topics: [topics.replies],
      contracts: new MessageCatalog().add(topics.replies, ...Replies.sagaReplies),
      handle: orders.repliesHandler(),
    });
    infrastructure.work<DeadlineWork>({ queue: saga.deadlineQueue, handle: saga.deadlineHandler(orders.mirror) });
    return {
      module: OrderModule,
      imports: [TerminusModule],
      controllers: [OrdersController, MetricsController, HealthController],
      providers: [{ provide: ServiceInfrastructure, useValue: infrastructure }, { provide: OrderService, useValue: orders }, InfrastructureLifecycle],
    };
  }
}
