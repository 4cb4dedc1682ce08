// query-service: the read side. Facts from every service's events topic are projected into read
// models in its own database (TypeORM), served over HTTP with how fresh each answer is.
import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { createKafka, kafkaAnswers } from '@eventshop/messaging';
import { createLogger, type Logger } from '@eventshop/observability';
import { HealthController, MetricsController, READINESS_CHECKS, type ReadinessCheck } from '@eventshop/service-runtime';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { CustomersController } from './adapters/http/customers.controller';
import { OrdersController } from './adapters/http/orders.controller';
import { PaymentsController } from './adapters/http/payments.controller';
import { ProductsController } from './adapters/http/products.controller';
import { OperationsController } from './adapters/http/operations.controller';
import { StatsController } from './adapters/http/stats.controller';
import { QueryGrpcController } from './adapters/grpc/query.grpc-controller';
import { KafkaDeadLetters } from './adapters/kafka/kafka-dead-letters';
import { ProjectionConsumers } from './adapters/kafka/projection-consumers';
import { Projections } from './adapters/projections';
import { PostgresOrderChangeFeed } from './adapters/typeorm/order-change-feed';
import { OrderChangesRetentionJob } from './adapters/typeorm/order-changes-retention.job';
import { projectionFreshness } from './adapters/typeorm/projection-freshness';
import { TypeOrmCatalogueReader } from './adapters/typeorm/typeorm-catalogue';
import { TypeOrmInvariantInputs } from './adapters/typeorm/typeorm-invariant-inputs';
import { readModelDatabase } from './adapters/typeorm/read-model-database';
import { TypeOrmOrderViewReader } from './adapters/typeorm/typeorm-order-views';
import { CheckInvariantsHandler } from './application/check-invariants.query';
import { OrderChangeBroadcast } from './application/order-change-broadcast';
import type { OrderChangeFeed } from './application/ports/order-views';
import { CustomerOrdersHandler } from './application/customer-orders.query';
import { DeadLettersHandler } from './application/dead-letters.query';
import { GetOrderHandler } from './application/get-order.query';
import { PaymentsHandler } from './application/payments.query';
import { GetProductHandler, ListProductsHandler } from './application/products.query';
import { SagaStatisticsHandler } from './application/saga-statistics.query';
import {
  CATALOGUE_FRESHNESS,
  CATALOGUE_READER,
  DEAD_LETTERS,
  INVARIANT_INPUTS,
  ORDER_CHANGE_BROADCAST,
  ORDER_CHANGE_FEED,
  ORDER_VIEW_READER,
  QUERY_CONFIG,
  QUERY_LOGGER,
} from './application/tokens';
import type { QueryConfig } from './config';

@Module({})
export class QueryModule {
  static forConfig(config: QueryConfig): DynamicModule {
    return {
      module: QueryModule,
      imports: [CqrsModule.forRoot(), TerminusModule, TypeOrmModule.forRoot(readModelDatabase(config.database))],
      controllers: [
        QueryGrpcController,
        OrdersController,
        CustomersController,
        ProductsController,
        PaymentsController,
        StatsController,
        OperationsController,
        HealthController,
        MetricsController,
      ],
      providers: [
        { provide: QUERY_CONFIG, useValue: config },
        { provide: QUERY_LOGGER, useFactory: () => createLogger('query-service', config.logLevel) },
        { provide: Registry, useFactory: () => new Registry() },
        {
          provide: ORDER_VIEW_READER,
          useFactory: (dataSource: DataSource) => new TypeOrmOrderViewReader(dataSource, Projections.orders),
          inject: [getDataSourceToken()],
        },
        {
          provide: READINESS_CHECKS,
          useFactory: (dataSource: DataSource, logger: Logger): ReadinessCheck[] => {
            const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'query-service-health', logger });
            return [
              {
                name: 'postgres',
                answers: () =>
                  dataSource.query('SELECT 1').then(
                    () => true,
                    () => false,
                  ),
              },
              { name: 'kafka', answers: () => kafkaAnswers(kafka) },
            ];
          },
          inject: [getDataSourceToken(), QUERY_LOGGER],
        },
        { provide: ORDER_CHANGE_FEED, useFactory: (dataSource: DataSource) => new PostgresOrderChangeFeed(dataSource), inject: [getDataSourceToken()] },
        { provide: ORDER_CHANGE_BROADCAST, useFactory: (feed: OrderChangeFeed) => new OrderChangeBroadcast(feed), inject: [ORDER_CHANGE_FEED] },
        { provide: CATALOGUE_READER, useFactory: (dataSource: DataSource) => new TypeOrmCatalogueReader(dataSource), inject: [getDataSourceToken()] },
        {
          provide: CATALOGUE_FRESHNESS,
          useFactory: (dataSource: DataSource) => () => projectionFreshness(dataSource, Projections.catalogue),
          inject: [getDataSourceToken()],
        },
        { provide: INVARIANT_INPUTS, useFactory: (dataSource: DataSource) => new TypeOrmInvariantInputs(dataSource), inject: [getDataSourceToken()] },
        {
          provide: DEAD_LETTERS,
          useFactory: (logger: Logger) => new KafkaDeadLetters(config.kafkaBrokers, config.topicPrefix ?? '', logger),
          inject: [QUERY_LOGGER],
        },
        ProjectionConsumers,
        OrderChangesRetentionJob,
        CheckInvariantsHandler,
        DeadLettersHandler,
        GetOrderHandler,
        CustomerOrdersHandler,
        ListProductsHandler,
        GetProductHandler,
        PaymentsHandler,
        SagaStatisticsHandler,
      ],
    };
  }
}
