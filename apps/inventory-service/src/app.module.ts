// inventory-service: the saga-command consumer, the product use cases (@nestjs/cqrs) and the HTTP
// controller, on the service runtime (database, outbox relay, consumers, health, metrics).
import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ServiceRuntimeModule } from '@eventshop/service-runtime';
import { ProductsController } from './adapters/http/products.controller';
import { InventoryCommandsConsumer } from './adapters/kafka/inventory-commands.consumer';
import { CreateProductHandler } from './application/products/create-product.command';
import { GetStockHandler } from './application/products/get-stock.query';
import { RestockProductHandler } from './application/products/restock-product.command';
import { INVENTORY_TOPICS } from './application/tokens';
import type { InventoryConfig } from './config';

@Module({})
export class InventoryModule {
  static forConfig(config: InventoryConfig): DynamicModule {
    const { topics } = config;
    return {
      module: InventoryModule,
      imports: [
        CqrsModule.forRoot(),
        ServiceRuntimeModule.forService({ service: 'inventory', config, topics: [topics.commands, topics.replies, topics.events] }),
      ],
      controllers: [ProductsController],
      providers: [{ provide: INVENTORY_TOPICS, useValue: topics }, InventoryCommandsConsumer, CreateProductHandler, RestockProductHandler, GetStockHandler],
    };
  }
}
