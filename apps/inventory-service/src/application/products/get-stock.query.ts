// Query: the stock of one SKU, from the write model (404 for an unknown SKU).
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@eventshop/event-store';
import { stockOf, type StockView } from '../product-commands';

export class GetStockQuery {
  constructor(readonly sku: string) {}
}

@QueryHandler(GetStockQuery)
export class GetStockHandler implements IQueryHandler<GetStockQuery, StockView> {
  constructor(private readonly store: EventStore) {}

  execute({ sku }: GetStockQuery): Promise<StockView> {
    return stockOf(this.store, sku);
  }
}
