// inventory-service: wires the infrastructure (database, outbox relay, the saga-command consumer),
// the CQRS handlers and the HTTP controller.
import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CqrsModule } from '@nestjs/cqrs';
import { HealthController, InfrastructureLifecycle, MetricsController, ServiceInfrastructure } from '@eventshop/service-runtime';
import { createLogger } from '@eventshop/observability';
import { ProductsController } from './adapters/http/products.controller';
import { inventoryCommandsConsumer } from './adapters/kafka/inventory-commands.consumer';
import { CreateProductHandler } from './application/products/create-product.command';
import { GetStockHandler } from './application/products/get-stock.query';
import { RestockProductHandler } from './application/products/restock-product.command';
import { INVENTORY_TOPICS } from './application/tokens';
import type { InventoryConfig } from './config';

@Module({})
export class InventoryModule {
  static create(config: InventoryConfig): DynamicModule {
    const logger = createLogger('inventory-service', config.logLevel);
    const { topics } = config;
    const infrastructure = ServiceInfrastructure.forService('inventory', config, [topics.commands, topics.replies, topics.events], logger);
    infrastructure.consume(inventoryCommandsConsumer({ store: infrastructure.store, outbox: infrastructure.outbox, topics }));
    return {
      module: InventoryModule,
      imports: [CqrsModule.forRoot(), TerminusModule],
      controllers: [ProductsController, MetricsController, HealthController],
      providers: [
        { provide: ServiceInfrastructure, useValue: infrastructure },
        { provide: INVENTORY_TOPICS, useValue: topics },
        InfrastructureLifecycle,
        CreateProductHandler,
        RestockProductHandler,
        GetStockHandler,
      ],
    };
  }
}
