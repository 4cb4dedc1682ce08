// The query service's gRPC API (query.proto) as TypeScript: where the contract is, how both ends load
// it, and the shapes of its requests and answers — the same as the query service's HTTP answers, but
// for freshness, whose nested map travels as a map of messages (proto maps cannot hold maps).
import path from 'node:path';

export const grpc = {
  package: 'eventshop.query.v1',
  service: 'QueryService',
  protoPath: path.join(__dirname, 'query.proto'),
  /**
   * How both ends turn messages into objects: camelCase names, 64-bit integers as numbers (cents and
   * offsets fit), zero values present (proto3 does not send them), absent optional fields absent.
   */
  loaderOptions: { keepCase: false, longs: Number, enums: String, defaults: true, arrays: true, objects: true, oneofs: false },
} as const;

/** How fresh an answer is: up to which offset each partition of each facts topic has been projected. */
export interface Freshness {
  /** topic -> partition -> the last offset projected. */
  currentTo: Record<string, Record<string, string>>;
  projectedAt?: string;
}

/** Freshness as query.proto carries it. */
export interface WireFreshness {
  currentTo: Record<string, { offsets: Record<string, string> }>;
  projectedAt?: string;
}

type WithFreshness<T, F> = Omit<T, 'freshness'> & { freshness: F };

/** An answer ready to send: its freshness in the wire's shape. */
export function toWire<T extends { freshness: Freshness }>(answer: T): WithFreshness<T, WireFreshness> {
  const currentTo = Object.fromEntries(Object.entries(answer.freshness.currentTo).map(([topic, offsets]) => [topic, { offsets }]));
  return { ...answer, freshness: { ...answer.freshness, currentTo } };
}

/** A received answer: its freshness back in the shape the HTTP API answers. */
export function fromWire<T extends { freshness?: WireFreshness }>(answer: T): WithFreshness<T, Freshness> {
  const wire = answer.freshness ?? { currentTo: {} };
  const currentTo = Object.fromEntries(Object.entries(wire.currentTo).map(([topic, { offsets }]) => [topic, offsets ?? {}]));
  return { ...answer, freshness: { ...wire, currentTo } };
}

export type OrderStatus = 'PENDING' | 'COMPLETED' | 'COMPENSATED' | 'COMPENSATION_FAILED';

/** An order as the read side shows it. */
export interface OrderSummary {
  orderId: string;
  /** Unknown until OrderPlaced arrives (a payment's fact can come first). */
  customerId?: string;
  status?: OrderStatus;
  items: { sku: string; quantity: number; unitPriceCents?: number }[];
  totalCents?: number;
  failureReason?: string;
  payment?: { status: 'charged' | 'declined'; amountCents: number; provider?: string; providerReference?: string; refundedCents: number; reason?: string };
  shipment?: { status: 'booked' | 'refused' | 'cancelled'; trackingId?: string; reason?: string };
  placedAt?: string;
  /** The newest occurredAt among the facts applied: how fresh this order's view is. */
  lastEventAt?: string;
}

/** One entry of an order's timeline. */
export interface TimelineEntry {
  /** Who recorded it: the saga, or the payment, shipping or order service. */
  source: 'saga' | 'order' | 'payment' | 'shipping';
  /** The saga stream's position for saga entries; 0 for the others. */
  sequence: number;
  /** The fact's place in its topic's partition: orders entries of one topic that share a millisecond. */
  position: number;
  kind: string;
  step?: string;
  attempt?: number;
  reason?: string;
  at: string;
}

export interface GetOrderRequest {
  orderId: string;
  consistencyToken?: string;
}

export interface OrderAnswer {
  order: OrderSummary;
  timeline: TimelineEntry[];
  freshness: Freshness;
}

export interface CustomerOrdersRequest {
  customerId: string;
  status?: OrderStatus;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export interface CustomerOrdersPage {
  orders: OrderSummary[];
  nextCursor?: string;
  freshness: Freshness;
}

/** A SKU's name, price and how much of it is available, reserved and committed. */
export interface Availability {
  sku: string;
  name?: string;
  priceCents?: number;
  available: number;
  reserved: number;
  committed: number;
}

export interface ProductList {
  products: Availability[];
  freshness: Freshness;
}

export type ProductAnswer = Availability & { freshness: Freshness };

export interface SagaStatisticsAnswer {
  byStatus: Record<string, number>;
  compensationReasons: { reason: string; orders: number }[];
  stepDurations: { step: string; count: number; p50Ms: number; p95Ms: number }[];
  freshness: Freshness;
}

export interface PaymentsRequest {
  customerId?: string;
  orderId?: string;
}

export interface PaymentsLedger {
  payments: {
    orderId: string;
    customerId?: string;
    status: string;
    amountCents: number;
    refundedCents: number;
    provider?: string;
    providerReference?: string;
  }[];
  totals: { chargedCents: number; refundedCents: number; netCents: number };
  freshness: Freshness;
}

/** One invariant checked across the services from the read side (query-service domain/invariants.ts). */
export interface InvariantCheck {
  name: 'stock' | 'money' | 'shipments';
  description: string;
  holds: boolean;
  /** How many breaches there are… */
  breaches: number;
  /** …and the first few, each naming the order (or SKU) and what disagrees. */
  examples: string[];
}

export interface InvariantsAnswer {
  checks: InvariantCheck[];
  orders: {
    /** Settled orders judged: those that ended more than `settleMs` ago (the newest first, up to a bound). */
    checked: number;
    /** Orders still running, or ended so recently that other services' facts may still be on their way. */
    settling: number;
    /** Orders parked as COMPENSATION_FAILED: waiting for an operator, not judged. */
    parked: number;
  };
  settleMs: number;
  checkedAt: string;
  freshness: Freshness;
}

/** How many messages each dead-letter topic holds now (topic names without the deployment's prefix). */
export interface DeadLettersAnswer {
  topics: { topic: string; messages: number }[];
  measuredAt: string;
}

/** Each rpc of query.proto: what it takes and what it answers (freshness in the HTTP API's shape). */
export interface Rpcs {
  GetOrder: { request: GetOrderRequest; answer: OrderAnswer };
  ListCustomerOrders: { request: CustomerOrdersRequest; answer: CustomerOrdersPage };
  ListProducts: { request: Record<string, never>; answer: ProductList };
  GetProduct: { request: { sku: string }; answer: ProductAnswer };
  GetSagaStatistics: { request: Record<string, never>; answer: SagaStatisticsAnswer };
  GetPayments: { request: PaymentsRequest; answer: PaymentsLedger };
  CheckInvariants: { request: Record<string, never>; answer: InvariantsAnswer };
  GetDeadLetters: { request: Record<string, never>; answer: DeadLettersAnswer };
}

/** An answer as it travels (one measured when asked has no freshness to reshape). */
export type WireAnswer<T> = T extends { freshness: Freshness } ? WithFreshness<T, WireFreshness> : T;
