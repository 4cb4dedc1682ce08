// Use case: add a product to the catalogue with its opening stock (409 if the SKU exists).
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { EventStore } from '@eventshop/event-store';
import { Outbox } from '@eventshop/messaging';
import { INVENTORY_TOPICS } from '../tokens';
import type { InventoryTopics } from '../inventory-topics';
import { handleProductCommand, stockOf, type StockView } from '../product-commands';

export class CreateProductCommand {
  constructor(readonly product: { sku: string; name: string; priceCents: number; quantity: number }) {}
}

@CommandHandler(CreateProductCommand)
export class CreateProductHandler implements ICommandHandler<CreateProductCommand, StockView> {
  constructor(
    private readonly store: EventStore,
    private readonly outbox: Outbox,
    @Inject(INVENTORY_TOPICS) private readonly topics: InventoryTopics,
  ) {}

  async execute({ product }: CreateProductCommand): Promise<StockView> {
    await handleProductCommand(this.store, this.outbox, this.topics, { type: 'CreateProduct', ...product });
    return stockOf(this.store, product.sku);
  }
}
