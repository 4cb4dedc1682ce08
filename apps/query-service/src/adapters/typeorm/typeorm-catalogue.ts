// The catalogue in PostgreSQL through TypeORM: a writer bound to one transaction's EntityManager that
// writes a batch's rows in a statement per table, and a reader that sums restocks and holds per SKU.
import type { DataSource, EntityManager } from 'typeorm';
import { holdKeyOf, type CatalogueReader, type CatalogueWriter, type HoldKey, type Restock } from '../../application/ports/catalogue';
import { availabilityOf, type Availability, type Hold, type HoldStatus, type ProductRecord } from '../../domain/catalogue';
import { ProductHoldRow, ProductRestockRow, ProductRow } from './catalogue.entities';

// A batch's rows go as one JSON array that PostgreSQL unpacks (jsonb_to_recordset): one short
// statement whatever the batch's size, into the tables the entities' metadata names (see typeorm-order-views.ts).
const saveProducts = (table: string) => `
  INSERT INTO ${table} (sku, name, price_cents, created_quantity)
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(sku text, name text, price_cents integer, created_quantity integer)
  ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, price_cents = EXCLUDED.price_cents, created_quantity = EXCLUDED.created_quantity`;

const addRestocks = (table: string) => `
  INSERT INTO ${table} (fact_id, sku, quantity)
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(fact_id text, sku text, quantity integer)
  ON CONFLICT DO NOTHING`;

const saveHolds = (table: string) => `
  INSERT INTO ${table} (order_id, sku, quantity, status)
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(order_id text, sku text, quantity integer, status text)
  ON CONFLICT (order_id, sku) DO UPDATE SET quantity = EXCLUDED.quantity, status = EXCLUDED.status`;

export class TypeOrmCatalogueWriter implements CatalogueWriter {
  private readonly products: string;
  private readonly restocks: string;
  private readonly holds: string;

  constructor(private readonly manager: EntityManager) {
    this.products = manager.connection.getMetadata(ProductRow).tableName;
    this.restocks = manager.connection.getMetadata(ProductRestockRow).tableName;
    this.holds = manager.connection.getMetadata(ProductHoldRow).tableName;
  }

  async saveProducts(products: ProductRecord[]): Promise<void> {
    const records = products.map((p) => ({ sku: p.sku, name: p.name, price_cents: p.priceCents, created_quantity: p.createdQuantity }));
    await this.manager.query(saveProducts(this.products), [JSON.stringify(records)]);
  }

  async addRestocks(restocks: Restock[]): Promise<void> {
    await this.manager.query(addRestocks(this.restocks), [JSON.stringify(restocks.map((r) => ({ fact_id: r.factId, sku: r.sku, quantity: r.quantity })))]);
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
    await this.manager.query(saveHolds(this.holds), [
      JSON.stringify(holds.map((h) => ({ order_id: h.orderId, sku: h.sku, quantity: h.quantity, status: h.status }))),
    ]);
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
