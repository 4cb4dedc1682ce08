// Use case: put more units of a product on the shelf (404 for an unknown SKU).
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { EventStore } from '@eventshop/event-store';
import { Outbox } from '@eventshop/messaging';
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
    private readonly store: EventStore,
    private readonly outbox: Outbox,
    @Inject(INVENTORY_TOPICS) private readonly topics: InventoryTopics,
  ) {}

  async execute({ sku, quantity }: RestockProductCommand): Promise<StockView> {
    await handleProductCommand(this.store, this.outbox, this.topics, { type: 'RestockProduct', sku, quantity });
    return stockOf(this.store, sku);
  }
}
