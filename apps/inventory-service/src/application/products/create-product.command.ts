// Use case: add a product to the catalogue with its opening stock (409 if the SKU exists).
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { ServiceInfrastructure } from '@eventshop/service-runtime';
import { INVENTORY_TOPICS } from '../tokens';
import type { InventoryTopics } from '../inventory-topics';
import { handleProductCommand, stockOf, type StockView } from '../product-commands';

export class CreateProductCommand {
  constructor(readonly product: { sku: string; name: string; priceCents: number; quantity: number }) {}
}

@CommandHandler(CreateProductCommand)
export class CreateProductHandler implements ICommandHandler<CreateProductCommand, StockView> {
  constructor(
    private readonly infrastructure: ServiceInfrastructure,
    @Inject(INVENTORY_TOPICS) private readonly topics: InventoryTopics,
  ) {}

  async execute({ product }: CreateProductCommand): Promise<StockView> {
    const { store, outbox } = this.infrastructure;
    await handleProductCommand(store, outbox, this.topics, { type: 'CreateProduct', ...product });
    return stockOf(store, product.sku);
  }
}
