// The query API's catalogue: every SKU's availability (available / reserved / committed) and price.
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { sku } from '@eventshop/contracts';
import { ZodParam } from '@eventshop/service-runtime';
import { GetProductQuery, ListProductsQuery } from '../../application/products.query';
import type { Availability } from '../../domain/catalogue';
import type { Freshness } from '../../application/ports/order-views';

@Controller('products')
export class ProductsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(): Promise<{ products: Availability[]; freshness: Freshness }> {
    return this.queries.execute(new ListProductsQuery());
  }

  @Get(':sku')
  product(@ZodParam('sku', sku) productSku: string): Promise<Availability & { freshness: Freshness }> {
    return this.queries.execute(new GetProductQuery(productSku));
  }
}
