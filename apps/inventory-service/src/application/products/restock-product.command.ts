// Use case: put more units of a product on the shelf (404 for an unknown SKU).
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { ServiceInfrastructure } from '@eventshop/service-runtime';
import { INVENTORY_TOPICS } from '../tokens';
import type { InventoryTopics } from '../inventory-topics';
import { handleProductCommand, stockOf, type StockView } from '../product-commands';

export class RestockProductCommand {
  constructor(
    readonly sku: string,
    readonly quantity: number,
  ) {}
}

@CommandHandler(RestockProductCommand)
export class RestockProductHandler implements ICommandHandler<RestockProductCommand, StockView> {
  constructor(
    private readonly infrastructure: ServiceInfrastructure,
    @Inject(INVENTORY_TOPICS) private readonly topics: InventoryTopics,
  ) {}

  async execute({ sku, quantity }: RestockProductCommand): Promise<StockView> {
    const { store, outbox } = this.infrastructure;
    await handleProductCommand(store, outbox, this.topics, { type: 'RestockProduct', sku, quantity });
    return stockOf(store, sku);
  }
}
