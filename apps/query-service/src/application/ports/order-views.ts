// The ports the order use cases need: a writer bound to the transaction a batch of facts is projected
// in (with the checkpoint that makes a redelivered fact change nothing), and a reader for queries.
import type { OrderSummary } from '../../domain/order-summary';
import type { TimelineEntry } from '../../domain/order-timeline';

export interface OrderViewWriter {
  /** The summaries of these orders that exist, locked until the transaction ends. */
  load(orderIds: string[]): Promise<Map<string, OrderSummary>>;
  /** Writes what a batch of facts made of the views, at once (one round trip however much it holds). */
  write(projected: ProjectedOrders): Promise<void>;
}

/** What a batch of facts made of the order views. */
export interface ProjectedOrders {
  /** The summaries the batch changed, as they are now. */
  summaries: OrderSummary[];
  /** Entries for their orders' timelines; an entry there already (a replayed fact) changes nothing. */
  entries: TimelineEntry[];
  /** For the feed live subscribers follow: what changed, order by order, in this transaction. */
  changes: OrderChange[];
}

/** One projected change of an order, as live subscribers receive it. */
export interface OrderChange {
  orderId: string;
  /** Whose order it is, once the read side knows (a payment's fact can arrive before the order's). */
  customerId?: string;
  status?: OrderSummary['status'];
  /** The timeline entry the change added, if any. */
  entry?: Omit<TimelineEntry, 'orderId'>;
}

/** A change with its place in the feed (the SSE event id a subscriber resumes after). */
export interface FeedItem {
  /** "<txId>.<position>": the feed's order is that pair of numbers' (comesAfter). */
  id: string;
  change: OrderChange;
}

/** Whether `id` is a feed id at all (a Last-Event-ID comes from the client). */
export const isFeedId = (id: string): boolean => /^\d+\.\d+$/.test(id);

/** Whether feed id `a` comes after feed id `b` in the feed's order. */
export function comesAfter(a: string, b: string): boolean {
  const [aTx, aPosition] = a.split('.').map(BigInt);
  const [bTx, bPosition] = b.split('.').map(BigInt);
  return aTx > bTx || (aTx === bTx && aPosition > bPosition);
}

/** Whose changes to follow: one order's, one customer's orders', or (neither given) every order's. */
export interface FeedFilter {
  orderId?: string;
  customerId?: string;
}

export interface OrderChangeFeed {
  /** Changes after `after` (a FeedItem id; from the oldest kept when absent) that pass the filter, oldest first. */
  read(after: string | undefined, filter: FeedFilter, limit: number): Promise<FeedItem[]>;
  /** The id of the newest change visible now: following after it gives only what happens from now on. */
  head(): Promise<string | undefined>;
  /** Whether every change after `after` is still kept: changes are let go once their retention period is over. */
  keepsAfter(after: string): Promise<boolean>;
}

/** How fresh an answer is: up to which offset each partition of each fact topic has been projected. */
export interface Freshness {
  /** topic -> partition -> the last offset projected. */
  currentTo: Record<string, Record<string, string>>;
  /** When the view last changed. */
  projectedAt?: string;
}

/** Where a page of a customer's orders starts: after this order (newest first). */
export interface OrderPageCursor {
  placedAt: string;
  orderId: string;
}

export interface CustomerOrdersFilter {
  customerId: string;
  status?: OrderSummary['status'];
  /** Placed at or after. */
  from?: string;
  /** Placed before. */
  to?: string;
  after?: OrderPageCursor;
  limit: number;
}

/** One order's line in the payments ledger. */
export interface PaymentLine {
  orderId: string;
  customerId?: string;
  status: 'charged' | 'declined';
  amountCents: number;
  refundedCents: number;
  provider?: string;
  providerReference?: string;
}

export interface SagaStatistics {
  /** Orders by their status (the saga's outcome as the order shows it). */
  byStatus: Record<string, number>;
  /** Why orders were compensated, most frequent first. */
  compensationReasons: { reason: string; orders: number }[];
  /** Per step, from its first start to its answer: how many, p50 and p95 in milliseconds. */
  stepDurations: { step: string; count: number; p50Ms: number; p95Ms: number }[];
}

export interface OrderViewReader {
  /** Whether the order's view includes its saga up to `sagaSequence` (read-your-writes). */
  hasProjected(orderId: string, sagaSequence: number): Promise<boolean>;
  find(orderId: string): Promise<{ summary: OrderSummary; timeline: TimelineEntry[] } | undefined>;
  /** A customer's placed orders, newest first (by placing time, then order id), at most `limit`. */
  listForCustomer(filter: CustomerOrdersFilter): Promise<OrderSummary[]>;
  /** The payments of a customer's orders, or of one order. */
  payments(filter: { customerId?: string; orderId?: string }): Promise<PaymentLine[]>;
  sagaStatistics(): Promise<SagaStatistics>;
  freshness(): Promise<Freshness>;
}
