// The order_timeline table: one row per timeline entry of an order (domain/order-timeline.ts).
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TimelineEntry } from '../../domain/order-timeline';

@Entity({ name: 'order_timeline' })
export class OrderTimelineEntryRow {
  @PrimaryColumn({ name: 'order_id', type: 'text' })
  orderId!: string;

  @PrimaryColumn({ type: 'text' })
  source!: TimelineEntry['source'];

  @PrimaryColumn({ type: 'integer' })
  sequence!: number;

  @PrimaryColumn({ type: 'text' })
  kind!: string;

  /** The fact's offset in its topic's partition. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  position!: number;

  @Column({ type: 'text', nullable: true })
  step!: string | null;

  @Column({ type: 'integer', nullable: true })
  attempt!: number | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
