// The invariants' inputs from the read models in PostgreSQL: each settled order's summary (its
// payment and shipment included) with its stock holds gathered beside it, in one statement.
import type { DataSource } from 'typeorm';
import type { InvariantInputs } from '../../application/ports/invariant-inputs';
import type { SettledOrder } from '../../domain/invariants';
import { ProductHoldRow } from './catalogue.entities';
import { OrderSummaryRow } from './order-summary.entity';

interface SettledOrderRow {
  order_id: string;
  status: SettledOrder['status'];
  items: SettledOrder['items'];
  total_cents: string | null;
  payment: SettledOrder['payment'] | null;
  shipment: SettledOrder['shipment'] | null;
  holds: SettledOrder['holds'];
}

export class TypeOrmInvariantInputs implements InvariantInputs {
  constructor(private readonly dataSource: DataSource) {}

  // Table names from the entities' metadata, as the other readers use them.
  private get tables() {
    return { orders: this.dataSource.getMetadata(OrderSummaryRow).tableName, holds: this.dataSource.getMetadata(ProductHoldRow).tableName };
  }

  async settledOrders(endedBefore: Date, limit: number): Promise<SettledOrder[]> {
    const { orders, holds } = this.tables;
    const rows = await this.dataSource.query<SettledOrderRow[]>(
      `SELECT o.order_id, o.status, o.items, o.total_cents, o.payment, o.shipment,
              coalesce((SELECT jsonb_agg(jsonb_build_object('sku', h.sku, 'quantity', h.quantity, 'status', h.status))
                        FROM ${holds} h WHERE h.order_id = o.order_id), '[]'::jsonb) AS holds
       FROM ${orders} o
       WHERE o.status IN ('COMPLETED', 'COMPENSATED') AND o.last_event_at < $1
       ORDER BY o.last_event_at DESC
       LIMIT $2`,
      [endedBefore, limit],
    );
    return rows.map((row) => ({
      orderId: row.order_id,
      status: row.status,
      items: row.items,
      totalCents: row.total_cents === null ? undefined : Number(row.total_cents),
      payment: row.payment ?? undefined,
      shipment: row.shipment ?? undefined,
      holds: row.holds,
    }));
  }

  async unjudgedOrders(endedBefore: Date): Promise<{ settling: number; parked: number }> {
    const [counts] = await this.dataSource.query<{ settling: number; parked: number }[]>(
      `SELECT count(*) FILTER (WHERE status IS NULL OR status = 'PENDING'
                                  OR (status IN ('COMPLETED', 'COMPENSATED') AND (last_event_at IS NULL OR last_event_at >= $1)))::int AS settling,
              count(*) FILTER (WHERE status = 'COMPENSATION_FAILED')::int AS parked
       FROM ${this.tables.orders}`,
      [endedBefore],
    );
    return counts;
  }
}
