// The catalogue in PostgreSQL through TypeORM: a writer bound to one transaction's EntityManager that
// writes a batch's rows in a statement per table, and a reader that sums restocks and holds per SKU.
import type { DataSource, EntityManager } from 'typeorm';
import { holdKeyOf, type CatalogueReader, type CatalogueWriter, type HoldKey, type Restock } from '../../application/ports/catalogue';
import { availabilityOf, type Availability, type Hold, type HoldStatus, type ProductRecord } from '../../domain/catalogue';
import { ProductHoldRow, ProductRestockRow, ProductRow } from './catalogue.entities';

export class TypeOrmCatalogueWriter implements CatalogueWriter {
  constructor(private readonly manager: EntityManager) {}

  async saveProducts(products: ProductRecord[]): Promise<void> {
    await this.manager.createQueryBuilder().insert().into(ProductRow).values(products).orUpdate(['name', 'price_cents', 'created_quantity'], ['sku']).execute();
  }

  async addRestocks(restocks: Restock[]): Promise<void> {
    await this.manager.createQueryBuilder().insert().into(ProductRestockRow).values(restocks).orIgnore().execute();
  }

  async holdStatuses(keys: HoldKey[]): Promise<Map<string, HoldStatus>> {
    // Locked in one order every transaction shares (the key's), so two batches never wait on each other in a circle.
    const rows = await this.manager
      .getRepository(ProductHoldRow)
      .createQueryBuilder('h')
      .where('(h.order_id, h.sku) IN (SELECT * FROM unnest(:orderIds::text[], :skus::text[]))', {
        orderIds: keys.map((k) => k.orderId),
        skus: keys.map((k) => k.sku),
      })
      .orderBy('h.order_id')
      .addOrderBy('h.sku')
      .setLock('pessimistic_write')
      .getMany();
    return new Map(rows.map((row) => [holdKeyOf(row), row.status]));
  }

  async saveHolds(holds: Hold[]): Promise<void> {
    await this.manager.createQueryBuilder().insert().into(ProductHoldRow).values(holds).orUpdate(['quantity', 'status'], ['order_id', 'sku']).execute();
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
