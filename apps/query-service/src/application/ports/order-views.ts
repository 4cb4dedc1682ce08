// The ports the order use cases need: a writer bound to the transaction a batch of facts is projected
// in (with the checkpoint that makes a redelivered fact change nothing), and a reader for queries.
import type { OrderSummary } from '../../domain/order-summary';
import type { TimelineEntry } from '../../domain/order-timeline';

export interface OrderViewWriter {
  load(orderId: string): Promise<OrderSummary | undefined>;
  save(summary: OrderSummary): Promise<void>;
  addTimelineEntry(entry: TimelineEntry): Promise<void>;
}

/** How fresh an answer is: up to which offset each partition of each fact topic has been projected. */
export interface Freshness {
  /** topic -> partition -> the last offset projected. */
  currentTo: Record<string, Record<string, string>>;
  /** When the view last changed. */
  projectedAt?: string;
}

export interface OrderViewReader {
  find(orderId: string): Promise<{ summary: OrderSummary; timeline: TimelineEntry[] } | undefined>;
  freshness(): Promise<Freshness>;
}
