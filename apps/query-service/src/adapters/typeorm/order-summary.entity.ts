// The order_summary table: one row per order, the OrderSummary of domain/order-summary.ts.
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { OrderStatus, OrderSummary } from '../../domain/order-summary';

@Entity({ name: 'order_summary' })
@Index('order_summary_customer', ['customerId', 'placedAt'])
export class OrderSummaryRow {
  @PrimaryColumn({ name: 'order_id', type: 'text' })
  orderId!: string;

  @Column({ name: 'customer_id', type: 'text', nullable: true })
  customerId!: string | null;

  @Column({ type: 'text', nullable: true })
  status!: OrderStatus | null;

  @Column({ type: 'jsonb' })
  items!: OrderSummary['items'];

  @Column({
    name: 'total_cents',
    type: 'bigint',
    nullable: true,
    transformer: { to: (v?: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  totalCents!: number | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  payment!: OrderSummary['payment'] | null;

  @Column({ type: 'jsonb', nullable: true })
  shipment!: OrderSummary['shipment'] | null;

  @Column({ name: 'placed_at', type: 'timestamptz', nullable: true })
  placedAt!: Date | null;

  @Column({ name: 'last_event_at', type: 'timestamptz', nullable: true })
  lastEventAt!: Date | null;

  @Column({ name: 'projected_at', type: 'timestamptz' })
  projectedAt!: Date;
}
