// The inventory HTTP API of the public contract: create, restock and read products.
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { createProductBody, restockBody, sku } from '@eventshop/contracts';
import { ZodBody, ZodParam } from '@eventshop/service-runtime';
import type { z } from 'zod';
import { CreateProductCommand } from '../../application/products/create-product.command';
import { GetStockQuery } from '../../application/products/get-stock.query';
import { RestockProductCommand } from '../../application/products/restock-product.command';
import type { StockView } from '../../application/product-commands';

const skuParam = sku;

@Controller('products')
export class ProductsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  create(@ZodBody(createProductBody) body: z.infer<typeof createProductBody>): Promise<StockView> {
    return this.commands.execute(new CreateProductCommand(body));
  }

  @Post(':sku/restock')
  @HttpCode(200)
  restock(@ZodParam('sku', skuParam) productSku: string, @ZodBody(restockBody) body: z.infer<typeof restockBody>): Promise<StockView> {
    return this.commands.execute(new RestockProductCommand(productSku, body.quantity));
  }

  @Get(':sku')
  stock(@ZodParam('sku', skuParam) productSku: string): Promise<StockView> {
    return this.queries.execute(new GetStockQuery(productSku));
  }
}
