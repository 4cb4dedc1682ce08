// The catalogue in PostgreSQL through TypeORM: a writer bound to one transaction's EntityManager that
// writes a batch's products in one statement and its stock changes in another, and a reader that
// reads each SKU's record and totals (never its holds: a SKU's figures cost the same after a million orders).
import type { DataSource, EntityManager, EntityTarget } from 'typeorm';
import { holdKeyOf, type CatalogueReader, type CatalogueWriter, type HoldKey, type StockChanges } from '../../application/ports/catalogue';
import { availabilityOf, noStockTotals, type Availability, type HoldStatus, type ProductRecord } from '../../domain/catalogue';
import { ProductHoldRow, ProductRestockRow, ProductRow, ProductStockTotalsRow } from './catalogue.entities';

// A batch's rows go as one JSON array that PostgreSQL unpacks (jsonb_to_recordset): one short
// statement whatever the batch's size, into the tables the entities' metadata names (see typeorm-order-views.ts).
const saveProducts = (table: string) => `
  INSERT INTO ${table} (sku, name, price_cents, created_quantity)
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(sku text, name text, price_cents integer, created_quantity integer)
  ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, price_cents = EXCLUDED.price_cents, created_quantity = EXCLUDED.created_quantity`;

// A batch's restocks and moved holds, and the totals they change, in one statement. The statement
// itself decides what changed, so that two transactions projecting the same facts at once count
// them once — the checkpoints already keep a partition's batches apart (checkpoint-ledger.ts), but a
// running total must not rest on that alone:
// - a restock counts if its fact's row is new: a copy inserts nothing, so adds nothing;
// - a hold is inserted, or moved on from reserved and from nothing else (a copy, or a move another
//   transaction made first, changes no row: the upsert waits for that transaction and sees its row);
//   a move keeps the quantity reserved;
// - each row the upsert wrote says what it did: inserted (xmax 0), its status joins its total; moved
//   on from reserved, its quantity leaves the reserved total and, if committed, joins that one.
// The totals of every SKU change in one upsert, in SKU order: two transactions never wait on each
// other's SKUs in a circle.
const saveStockChanges = (tables: { restocks: string; holds: string; totals: string }) => `
  WITH added AS (
    INSERT INTO ${tables.restocks} (fact_id, sku, quantity)
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(fact_id text, sku text, quantity integer)
    ON CONFLICT DO NOTHING
    RETURNING sku, quantity
  ), moved AS (
    INSERT INTO ${tables.holds} AS h (order_id, sku, quantity, status)
    SELECT * FROM jsonb_to_recordset($2::jsonb) AS r(order_id text, sku text, quantity integer, status text)
    ON CONFLICT (order_id, sku) DO UPDATE SET status = EXCLUDED.status
    WHERE h.status = 'reserved' AND EXCLUDED.status <> 'reserved'
    RETURNING h.sku, h.quantity, h.status, h.xmax = 0 AS inserted
  ), changes AS (
    SELECT sku, quantity AS restocked, 0 AS reserved, 0 AS committed FROM added
    UNION ALL
    SELECT sku, 0,
      CASE WHEN inserted AND status = 'reserved' THEN quantity WHEN NOT inserted THEN -quantity ELSE 0 END,
      CASE WHEN status = 'committed' THEN quantity ELSE 0 END
    FROM moved
  )
  INSERT INTO ${tables.totals} AS t (sku, restocked, reserved, committed)
  SELECT sku, sum(restocked), sum(reserved), sum(committed) FROM changes GROUP BY sku ORDER BY sku
  ON CONFLICT (sku) DO UPDATE SET
    restocked = t.restocked + EXCLUDED.restocked, reserved = t.reserved + EXCLUDED.reserved, committed = t.committed + EXCLUDED.committed`;

export class TypeOrmCatalogueWriter implements CatalogueWriter {
  private readonly products: string;
  private readonly stockTables: { restocks: string; holds: string; totals: string };

  constructor(private readonly manager: EntityManager) {
    const tableOf = (entity: EntityTarget<unknown>) => manager.connection.getMetadata(entity).tableName;
    this.products = tableOf(ProductRow);
    this.stockTables = { restocks: tableOf(ProductRestockRow), holds: tableOf(ProductHoldRow), totals: tableOf(ProductStockTotalsRow) };
  }

  async saveProducts(products: ProductRecord[]): Promise<void> {
    const records = products.map((p) => ({ sku: p.sku, name: p.name, price_cents: p.priceCents, created_quantity: p.createdQuantity }));
    await this.manager.query(saveProducts(this.products), [JSON.stringify(records)]);
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

  async saveStockChanges({ restocks, holds }: StockChanges): Promise<void> {
    await this.manager.query(saveStockChanges(this.stockTables), [
      JSON.stringify(restocks.map((r) => ({ fact_id: r.factId, sku: r.sku, quantity: r.quantity }))),
      JSON.stringify(holds.map((h) => ({ order_id: h.orderId, sku: h.sku, quantity: h.quantity, status: h.status }))),
    ]);
  }
}

export class TypeOrmCatalogueReader implements CatalogueReader {
  constructor(private readonly dataSource: DataSource) {}

  /** Every SKU with a record or totals (holds may arrive before their product), by SKU. */
  async list(): Promise<Availability[]> {
    const [products, totals] = await Promise.all([
      this.dataSource.getRepository(ProductRow).find({ order: { sku: 'ASC' } }),
      this.dataSource.getRepository(ProductStockTotalsRow).find(),
    ]);
    const productOf = new Map(products.map((p) => [p.sku, p]));
    const totalsOf = new Map(totals.map((t) => [t.sku, t]));
    const skus = [...new Set([...productOf.keys(), ...totalsOf.keys()])].sort();
    return skus.map((sku) => availabilityOf(sku, productOf.get(sku), totalsOf.get(sku) ?? noStockTotals));
  }

  async find(sku: string): Promise<Availability | undefined> {
    const [product, totals] = await Promise.all([
      this.dataSource.getRepository(ProductRow).findOneBy({ sku }),
      this.dataSource.getRepository(ProductStockTotalsRow).findOneBy({ sku }),
    ]);
    if (!product && !totals) return undefined;
    return availabilityOf(sku, product ?? undefined, totals ?? noStockTotals);
  }
}
