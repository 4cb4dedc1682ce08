// The catalogue in PostgreSQL through TypeORM: a writer bound to one transaction's EntityManager, and
// a reader that sums restocks and holds per SKU.
import type { DataSource, EntityManager } from 'typeorm';
import type { CatalogueReader, CatalogueWriter } from '../../application/ports/catalogue';
import { availabilityOf, type Availability, type Hold, type HoldStatus, type ProductRecord } from '../../domain/catalogue';
import { ProductHoldRow, ProductRestockRow, ProductRow } from './catalogue.entities';

export class TypeOrmCatalogueWriter implements CatalogueWriter {
  constructor(private readonly manager: EntityManager) {}

  async saveProduct(product: ProductRecord): Promise<void> {
    await this.manager.getRepository(ProductRow).save(product);
  }

  async addRestock(factId: string, sku: string, quantity: number): Promise<void> {
    await this.manager.createQueryBuilder().insert().into(ProductRestockRow).values({ factId, sku, quantity }).orIgnore().execute();
  }

  async holdStatus(orderId: string, sku: string): Promise<HoldStatus | undefined> {
    const hold = await this.manager.getRepository(ProductHoldRow).findOne({ where: { orderId, sku }, lock: { mode: 'pessimistic_write' } });
    return hold?.status;
  }

  async saveHold(hold: Hold): Promise<void> {
    await this.manager.getRepository(ProductHoldRow).save(hold);
  }
}

export class TypeOrmCatalogueReader implements CatalogueReader {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<Availability[]> {
    const [products, restocks, holds] = await Promise.all([
      this.dataSource.getRepository(ProductRow).find({ order: { sku: 'ASC' } }),
      this.restockedPerSku(),
      this.dataSource.getRepository(ProductHoldRow).find({ select: { sku: true, quantity: true, status: true } }),
    ]);
    const skus = [...new Set([...products.map((p) => p.sku), ...holds.map((h) => h.sku)])].sort();
    const bySku = new Map(products.map((p) => [p.sku, p]));
    return skus.map((sku) =>
      availabilityOf(
        sku,
        bySku.get(sku),
        restocks.get(sku) ?? 0,
        holds.filter((h) => h.sku === sku),
      ),
    );
  }

  async find(sku: string): Promise<Availability | undefined> {
    const [product, restocks, holds] = await Promise.all([
      this.dataSource.getRepository(ProductRow).findOneBy({ sku }),
      this.restockedPerSku(sku),
      this.dataSource.getRepository(ProductHoldRow).find({ where: { sku }, select: { quantity: true, status: true } }),
    ]);
    if (!product && holds.length === 0) return undefined;
    return availabilityOf(sku, product ?? undefined, restocks.get(sku) ?? 0, holds);
  }

  private async restockedPerSku(sku?: string): Promise<Map<string, number>> {
    const query = this.dataSource
      .getRepository(ProductRestockRow)
      .createQueryBuilder('r')
      .select('r.sku', 'sku')
      .addSelect('sum(r.quantity)::int', 'total')
      .groupBy('r.sku');
    if (sku) query.where('r.sku = :sku', { sku });
    const rows = await query.getRawMany<{ sku: string; total: number }>();
    return new Map(rows.map((r) => [r.sku, Number(r.total)]));
  }
}
