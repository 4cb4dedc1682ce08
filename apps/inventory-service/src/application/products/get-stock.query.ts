// Query: the stock of one SKU, from the write model (404 for an unknown SKU).
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ServiceInfrastructure } from '@eventshop/service-runtime';
import { stockOf, type StockView } from '../product-commands';

export class GetStockQuery {
  constructor(readonly sku: string) {}
}

@QueryHandler(GetStockQuery)
export class GetStockHandler implements IQueryHandler<GetStockQuery, StockView> {
  constructor(private readonly infrastructure: ServiceInfrastructure) {}

  execute({ sku }: GetStockQuery): Promise<StockView> {
    return stockOf(this.infrastructure.store, sku);
  }
}
