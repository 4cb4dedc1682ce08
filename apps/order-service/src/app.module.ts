// order-service: the order saga (runner, replies consumer, deadline worker), the order HTTP API.
import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CqrsModule } from '@nestjs/cqrs';
import { Commands, MessageCatalog } from '@eventshop/contracts';
import { SagaRunner, type DeadlineWork } from '@eventshop/saga';
import { HealthController, InfrastructureLifecycle, MetricsController, ServiceInfrastructure } from '@eventshop/service-runtime';
import { createLogger } from '@eventshop/observability';
import { OrdersController } from './adapters/http/orders.controller';
import { idempotencyKeyMigrations, PostgresIdempotencyKeys } from './adapters/postgres/postgres-idempotency-keys';
import { sagaRepliesConsumer } from './adapters/kafka/saga-replies.consumer';
import { CancelOrderHandler } from './application/cancel-order';
import { GetOrderHandler } from './application/get-order.query';
import type { OrderContext } from './application/order-context';
import { orderSagaDefinition, type OrderSagaContext } from './application/order-saga.definition';
import { sagaDeadlinesHandler } from './application/order-saga-process';
import { PlaceOrderHandler } from './application/place-order';
import { ResumeSagaHandler } from './application/resume-saga';
import { IDEMPOTENCY_KEYS, ORDER_CONTEXT } from './application/tokens';
import type { OrderConfig } from './config';

@Module({})
export class OrderModule {
  static create(config: OrderConfig): DynamicModule {
    const logger = createLogger('order-service', config.logLevel);
    const { topics } = config;
    const infrastructure = ServiceInfrastructure.forService('order', config, Object.values(topics), logger, { migrations: idempotencyKeyMigrations });
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
    const ctx: OrderContext = { store, outbox, saga, factsTopic: topics.events };
    infrastructure.consume(sagaRepliesConsumer(ctx, topics.replies));
    infrastructure.work<DeadlineWork>({ queue: saga.deadlineQueue, handle: sagaDeadlinesHandler(ctx) });
    return {
      module: OrderModule,
      imports: [CqrsModule.forRoot(), TerminusModule],
      controllers: [OrdersController, MetricsController, HealthController],
      providers: [
        { provide: ServiceInfrastructure, useValue: infrastructure },
        { provide: ORDER_CONTEXT, useValue: ctx },
        { provide: IDEMPOTENCY_KEYS, useClass: PostgresIdempotencyKeys },
        InfrastructureLifecycle,
        PlaceOrderHandler,
        CancelOrderHandler,
        ResumeSagaHandler,
        GetOrderHandler,
      ],
    };
  }
}
