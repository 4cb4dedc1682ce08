// inventory-service: wires the infrastructure (database, outbox relay, the saga-command consumer),
// the CQRS handlers and the HTTP controller.
import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CqrsModule } from '@nestjs/cqrs';
import { MessageCatalog, Commands } from '@eventshop/contracts';
import { HealthController, InfrastructureLifecycle, MetricsController, ServiceInfrastructure } from '@eventshop/service-runtime';
import pino from 'pino';
import { ProductsController } from './adapters/http/products.controller';
import { inventoryCommandsHandler } from './adapters/kafka/inventory-commands.handler';
import { CreateProductHandler } from './application/products/create-product.command';
import { GetStockHandler } from './application/products/get-stock.query';
import { RestockProductHandler } from './application/products/restock-product.command';
import { INVENTORY_TOPICS } from './application/tokens';
import type { InventoryConfig } from './config';

@Module({})
export class InventoryModule {
  static create(config: InventoryConfig): DynamicModule {
    const logger = pino({ name: 'inventory-service', level: config.logLevel });
    const { topics } = config;
    const infrastructure = ServiceInfrastructure.forService('inventory', config, [topics.commands, topics.replies, topics.events], logger);
    infrastructure.consume({
      name: 'commands',
      topics: [topics.commands],
      contracts: new MessageCatalog().add(topics.commands, Commands.ReserveStock, Commands.ReleaseStock, Commands.CommitStock),
      handle: inventoryCommandsHandler(infrastructure.store, infrastructure.outbox, topics),
      // Orders on different partitions lock the same products. One message per transaction keeps each
      // transaction's locks in sorted order; a batch would take them in message order and deadlock.
      maxBatchSize: 1,
    });
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
