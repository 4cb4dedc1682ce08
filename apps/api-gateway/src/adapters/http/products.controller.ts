// /api/v1/products: the catalogue's availability from the read side (anyone with a token), product
// writes to the inventory service (admins).
import { Controller, Get, Inject, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createProductBody, restockBody, sku, type QueryApi } from '@eventshop/contracts';
import { ZodBody, ZodParam } from '@eventshop/service-runtime';
import type { z } from 'zod';
import type { ReadSide } from '../../application/ports/read-side';
import type { CatalogueCommands } from '../../application/ports/write-side';
import { CATALOGUE_COMMANDS, READ_SIDE } from '../../application/tokens';
import { AdminOnly } from '../auth/access.decorators';
import { passOn, type StatusSink } from './pass-on';

@ApiTags('products')
@ApiBearerAuth()
@Controller('api/v1/products')
export class ProductsController {
  constructor(
    @Inject(READ_SIDE) private readonly reads: ReadSide,
    @Inject(CATALOGUE_COMMANDS) private readonly catalogue: CatalogueCommands,
  ) {}

  @Get()
  list(): Promise<QueryApi.ProductList> {
    return this.reads.products();
  }

  @Get(':sku')
  product(@ZodParam('sku', sku) productSku: string): Promise<QueryApi.ProductAnswer> {
    return this.reads.product(productSku);
  }

  @Post()
  @AdminOnly()
  async create(@ZodBody(createProductBody) body: z.infer<typeof createProductBody>, @Res({ passthrough: true }) response: StatusSink): Promise<unknown> {
    return passOn(response, await this.catalogue.create(body));
  }

  @Post(':sku/restock')
  @AdminOnly()
  async restock(
    @ZodParam('sku', sku) productSku: string,
    @ZodBody(restockBody) body: z.infer<typeof restockBody>,
    @Res({ passthrough: true }) response: StatusSink,
  ): Promise<unknown> {
    return passOn(response, await this.catalogue.restock(productSku, body));
  }
}
