// order-service: the order saga (its replies consumer and deadline worker), the order use cases
// (@nestjs/cqrs) and the order HTTP API, on the service runtime.
import { Registry } from 'prom-client';
import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStore } from '@eventshop/event-store';
import { Outbox } from '@eventshop/messaging';
import { ServiceRuntimeModule } from '@eventshop/service-runtime';
import { OrdersController } from './adapters/http/orders.controller';
import { SagaRepliesConsumer } from './adapters/kafka/saga-replies.consumer';
import { idempotencyKeyMigrations, PostgresIdempotencyKeys } from './adapters/postgres/postgres-idempotency-keys';
import { SagaDeadlinesWorker } from './adapters/work-queue/saga-deadlines.worker';
import { CancelOrderHandler } from './application/cancel-order';
import { GetOrderHandler } from './application/get-order.query';
import { orderContext } from './application/order-context';
import { PlaceOrderHandler } from './application/place-order';
import { ResumeSagaHandler } from './application/resume-saga';
import { IDEMPOTENCY_KEYS, ORDER_CONFIG, ORDER_CONTEXT } from './application/tokens';
import type { OrderConfig } from './config';

@Module({})
export class OrderModule {
  static forConfig(config: OrderConfig): DynamicModule {
    return {
      module: OrderModule,
      imports: [
        CqrsModule.forRoot(),
        ServiceRuntimeModule.forService({ service: 'order', config, topics: Object.values(config.topics), migrations: idempotencyKeyMigrations }),
      ],
      controllers: [OrdersController],
      providers: [
        { provide: ORDER_CONFIG, useValue: config },
        { provide: ORDER_CONTEXT, useFactory: orderContext, inject: [ORDER_CONFIG, EventStore, Outbox, Registry] },
        { provide: IDEMPOTENCY_KEYS, useClass: PostgresIdempotencyKeys },
        SagaRepliesConsumer,
        SagaDeadlinesWorker,
        PlaceOrderHandler,
        CancelOrderHandler,
        ResumeSagaHandler,
        GetOrderHandler,
      ],
    };
  }
}
