// Queries: the catalogue with every SKU's availability, and one SKU's (404 if the read side has never
// heard of it), each answer with how fresh it is.
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@eventshop/event-store';
import type { Availability } from '../domain/catalogue';
import type { CatalogueReader } from './ports/catalogue';
import type { Freshness } from './ports/order-views';
import { CATALOGUE_FRESHNESS, CATALOGUE_READER } from './tokens';

export class ListProductsQuery {}

export class GetProductQuery {
  constructor(readonly sku: string) {}
}

@QueryHandler(ListProductsQuery)
export class ListProductsHandler implements IQueryHandler<ListProductsQuery, { products: Availability[]; freshness: Freshness }> {
  constructor(
    @Inject(CATALOGUE_READER) private readonly catalogue: CatalogueReader,
    @Inject(CATALOGUE_FRESHNESS) private readonly freshness: () => Promise<Freshness>,
  ) {}

  async execute(): Promise<{ products: Availability[]; freshness: Freshness }> {
    const [products, freshness] = await Promise.all([this.catalogue.list(), this.freshness()]);
    return { products, freshness };
  }
}

@QueryHandler(GetProductQuery)
export class GetProductHandler implements IQueryHandler<GetProductQuery, Availability & { freshness: Freshness }> {
  constructor(
    @Inject(CATALOGUE_READER) private readonly catalogue: CatalogueReader,
    @Inject(CATALOGUE_FRESHNESS) private readonly freshness: () => Promise<Freshness>,
  ) {}

  async execute({ sku }: GetProductQuery): Promise<Availability & { freshness: Freshness }> {
    const [product, freshness] = await Promise.all([this.catalogue.find(sku), this.freshness()]);
    if (!product) throw new DomainError('not-found', `no product ${sku} in the read model (yet)`);
    return { ...product, freshness };
  }
}
