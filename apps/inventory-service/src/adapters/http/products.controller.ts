// The inventory HTTP API of the public contract: create, restock and read products.
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { cents, quantity, sku } from '@eventshop/contracts';
import { ZodBody, ZodParam } from '@eventshop/service-runtime';
import { z } from 'zod';
import { CreateProductCommand } from '../../application/products/create-product.command';
import { GetStockQuery } from '../../application/products/get-stock.query';
import { RestockProductCommand } from '../../application/products/restock-product.command';
import type { StockView } from '../../application/product-commands';

const createProductBody = z.object({ sku, name: z.string().trim().min(1).max(200), priceCents: cents, quantity: z.number().int().min(0).max(1_000_000) });
const restockBody = z.object({ quantity });
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
