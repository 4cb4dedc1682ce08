// The order views in PostgreSQL through TypeORM: a writer bound to one transaction's EntityManager that
// writes a batch's rows in one statement, and a reader on the DataSource.
import type { DataSource, EntityManager } from 'typeorm';
import type {
  CustomerOrdersFilter,
  Freshness,
  OrderViewReader,
  OrderViewWriter,
  PaymentLine,
  ProjectedOrders,
  SagaStatistics,
} from '../../application/ports/order-views';
import type { OrderSummary } from '../../domain/order-summary';
import type { TimelineEntry } from '../../domain/order-timeline';
import { OrderSummaryRow } from './order-summary.entity';
import { OrderTimelineEntryRow } from './order-timeline-entry.entity';
import { projectionFreshness } from './projection-freshness';

const toSummary = (row: Omit<OrderSummaryRow, 'projectedAt'>): OrderSummary => ({
  orderId: row.orderId,
  customerId: row.customerId ?? undefined,
  status: row.status ?? undefined,
  items: row.items,
  totalCents: row.totalCents ?? undefined,
  failureReason: row.failureReason ?? undefined,
  payment: row.payment ?? undefined,
  shipment: row.shipment ?? undefined,
  placedAt: row.placedAt?.toISOString(),
  lastEventAt: row.lastEventAt?.toISOString(),
});

const toEntry = (row: OrderTimelineEntryRow): TimelineEntry => ({
  orderId: row.orderId,
  source: row.source,
  sequence: row.sequence,
  position: row.position,
  kind: row.kind,
  step: row.step ?? undefined,
  attempt: row.attempt ?? undefined,
  reason: row.reason ?? undefined,
  at: row.at.toISOString(),
});

/** An order_summary row as JSON, for jsonb_to_recordset. */
const toRecord = (summary: OrderSummary) => ({
  order_id: summary.orderId,
  customer_id: summary.customerId ?? null,
  status: summary.status ?? null,
  items: summary.items,
  total_cents: summary.totalCents ?? null,
  failure_reason: summary.failureReason ?? null,
  payment: summary.payment ?? null,
  shipment: summary.shipment ?? null,
  placed_at: summary.placedAt ?? null,
  last_event_at: summary.lastEventAt ?? null,
});

// A batch's rows go as JSON arrays that PostgreSQL unpacks (jsonb_to_recordset): the query builder's
// multi-row VALUES with a parameter per value cost more CPU than everything else in a replay. And the
// three tables are written by one statement (data-modifying CTEs, on tables apart): one round trip per
// batch, not three — a round trip costs the database more than the rows it carries. Table names come
// from the entities' metadata: a rebuild's DataSource prefixes them (its shadow tables).
const writeProjected = (summaries: string, timeline: string) => `
  WITH summaries AS (
    INSERT INTO ${summaries} (order_id, customer_id, status, items, total_cents, failure_reason, payment, shipment, placed_at, last_event_at, projected_at)
    SELECT r.*, now() FROM jsonb_to_recordset($1::jsonb) AS r(order_id text, customer_id text, status text, items jsonb, total_cents bigint,
      failure_reason text, payment jsonb, shipment jsonb, placed_at timestamptz, last_event_at timestamptz)
    ON CONFLICT (order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, status = EXCLUDED.status, items = EXCLUDED.items,
      total_cents = EXCLUDED.total_cents, failure_reason = EXCLUDED.failure_reason, payment = EXCLUDED.payment, shipment = EXCLUDED.shipment,
      placed_at = EXCLUDED.placed_at, last_event_at = EXCLUDED.last_event_at, projected_at = EXCLUDED.projected_at
  ), timeline AS (
    INSERT INTO ${timeline} (order_id, source, sequence, kind, position, step, attempt, reason, at)
    SELECT * FROM jsonb_to_recordset($2::jsonb) AS r("orderId" text, source text, sequence integer, kind text, position bigint, step text,
      attempt integer, reason text, at timestamptz)
    ON CONFLICT DO NOTHING
  )
  INSERT INTO order_changes (order_id, customer_id, change)
  SELECT o, c, j FROM unnest($3::text[], $4::text[], $5::jsonb[]) WITH ORDINALITY AS t(o, c, j, n) ORDER BY n`;

// Returned under the entity's property names, so that toSummary reads it as it reads an entity.
const lockAndLoadSummaries = (table: string) => `
  INSERT INTO ${table} AS o (order_id, items, projected_at) SELECT id, '[]', now() FROM unnest($1::text[]) AS id ORDER BY id
  ON CONFLICT (order_id) DO UPDATE SET order_id = o.order_id
  RETURNING o.order_id AS "orderId", o.customer_id AS "customerId", o.status, o.items, o.total_cents::float8 AS "totalCents",
    o.failure_reason AS "failureReason", o.payment, o.shipment, o.placed_at AS "placedAt", o.last_event_at AS "lastEventAt"`;

export class TypeOrmOrderViewWriter implements OrderViewWriter {
  private readonly summaries: string;
  private readonly timeline: string;

  constructor(
    private readonly manager: EntityManager,
    /** Whether changes go to the live feed (not while a rebuild replays history). */
    private readonly announce = true,
  ) {
    this.summaries = manager.connection.getMetadata(OrderSummaryRow).tableName;
    this.timeline = manager.connection.getMetadata(OrderTimelineEntryRow).tableName;
  }

  async load(orderIds: string[]): Promise<Map<string, OrderSummary>> {
    // Facts about one order are projected from several partitions at once. Row locks serialise them,
    // but there is no row to lock before the order's first fact: two first facts would each start
    // from nothing and the second save would erase the first. So one statement makes each row exist
    // and locks it: an upsert whose no-op update locks a row that is there, waits for one another
    // transaction is inserting, and returns the row as last committed — not as this statement's
    // snapshot saw it. It takes the orders in one order every transaction shares, so two batches never
    // wait on each other in a circle.
    const rows = await this.manager.query<Omit<OrderSummaryRow, 'projectedAt'>[]>(lockAndLoadSummaries(this.summaries), [orderIds]);
    return new Map(rows.map((row) => [row.orderId, toSummary(row)]));
  }

  async write({ summaries, entries, changes }: ProjectedOrders): Promise<void> {
    // A timeline entry there already (a replayed fact) changes nothing; a rebuild announces nothing.
    const announced = this.announce ? changes : [];
    if (summaries.length + entries.length + announced.length === 0) return;
    await this.manager.query(writeProjected(this.summaries, this.timeline), [
      JSON.stringify(summaries.map(toRecord)),
      JSON.stringify(entries), // TimelineEntry's own keys name the recordset's columns; a missing one is NULL
      announced.map((c) => c.orderId),
      announced.map((c) => c.customerId ?? null),
      announced.map((c) => JSON.stringify(c)),
    ]);
  }
}

export class TypeOrmOrderViewReader implements OrderViewReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: string,
  ) {}

  async hasProjected(orderId: string, sagaSequence: number): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>("SELECT 1 FROM order_timeline WHERE order_id = $1 AND source = 'saga' AND sequence >= $2 LIMIT 1", [
      orderId,
      sagaSequence,
    ]);
    return rows.length > 0;
  }

  async find(orderId: string): Promise<{ summary: OrderSummary; timeline: TimelineEntry[] } | undefined> {
    // One snapshot for both reads: otherwise a fact committed between them could show on the timeline
    // and not yet in the summary.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const row = await manager.getRepository(OrderSummaryRow).findOneBy({ orderId });
      if (!row) return undefined;
      const entries = await manager.getRepository(OrderTimelineEntryRow).findBy({ orderId });
      return { summary: toSummary(row), timeline: entries.map(toEntry) };
    });
  }

  async listForCustomer({ customerId, status, from, to, after, limit }: CustomerOrdersFilter): Promise<OrderSummary[]> {
    const query = this.dataSource
      .getRepository(OrderSummaryRow)
      .createQueryBuilder('o')
      .where('o.customer_id = :customerId AND o.placed_at IS NOT NULL', { customerId })
      .orderBy('o.placed_at', 'DESC')
      .addOrderBy('o.order_id', 'DESC')
      .limit(limit);
    if (status) query.andWhere('o.status = :status', { status });
    if (from) query.andWhere('o.placed_at >= :from', { from });
    if (to) query.andWhere('o.placed_at < :to', { to });
    // Keyset paging: strictly after the cursor's order in (placed_at, order_id) descending order.
    if (after) query.andWhere('(o.placed_at, o.order_id) < (:afterAt, :afterId)', { afterAt: after.placedAt, afterId: after.orderId });
    return (await query.getMany()).map(toSummary);
  }

  async payments({ customerId, orderId }: { customerId?: string; orderId?: string }): Promise<PaymentLine[]> {
    const query = this.dataSource
      .getRepository(OrderSummaryRow)
      .createQueryBuilder('o')
      .where('o.payment IS NOT NULL')
      .orderBy('o.placed_at', 'DESC', 'NULLS LAST');
    if (customerId) query.andWhere('o.customer_id = :customerId', { customerId });
    if (orderId) query.andWhere('o.order_id = :orderId', { orderId });
    const rows = await query.getMany();
    return rows.flatMap((row) => {
      const payment = row.payment;
      if (!payment) return [];
      const { status, amountCents, refundedCents, provider, providerReference } = payment;
      return [{ orderId: row.orderId, customerId: row.customerId ?? undefined, status, amountCents, refundedCents, provider, providerReference }];
    });
  }

  async sagaStatistics(): Promise<SagaStatistics> {
    const [statuses, reasons, durations] = await Promise.all([
      this.dataSource.query<{ status: string; orders: number }[]>(
        'SELECT status, count(*)::int AS orders FROM order_summary WHERE status IS NOT NULL GROUP BY status ORDER BY status',
      ),
      this.dataSource.query<{ reason: string; orders: number }[]>(
        `SELECT failure_reason AS reason, count(*)::int AS orders FROM order_summary
         WHERE status IN ('COMPENSATED', 'COMPENSATION_FAILED') AND failure_reason IS NOT NULL
         GROUP BY failure_reason ORDER BY orders DESC, reason`,
      ),
      // A step's duration: from its first start to its answer (succeeded or failed), per order.
      this.dataSource.query<{ step: string; count: number; p50: number; p95: number }[]>(
        `WITH started AS (SELECT order_id, step, min(at) AS at FROM order_timeline WHERE source = 'saga' AND kind = 'StepStarted' GROUP BY 1, 2),
              answered AS (SELECT order_id, step, max(at) AS at FROM order_timeline WHERE source = 'saga' AND kind IN ('StepSucceeded', 'StepFailed') GROUP BY 1, 2)
         SELECT s.step, count(*)::int AS count,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.at - s.at) * 1000) AS p50,
                percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM a.at - s.at) * 1000) AS p95
         FROM started s JOIN answered a USING (order_id, step) GROUP BY s.step ORDER BY s.step`,
      ),
    ]);
    return {
      byStatus: Object.fromEntries(statuses.map((r) => [r.status, r.orders])),
      compensationReasons: reasons,
      stepDurations: durations.map((d) => ({ step: d.step, count: d.count, p50Ms: Math.round(Number(d.p50)), p95Ms: Math.round(Number(d.p95)) })),
    };
  }

  freshness(): Promise<Freshness> {
    return projectionFreshness(this.dataSource, this.projection);
  }
}
