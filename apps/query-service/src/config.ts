// query-service configuration, from the environment (validated) or given whole by tests. It reads the
// facts topics of every service and keeps its read models in a database of its own.
import { Topics } from '@eventshop/contracts';
import { serviceConfigFromEnv, type ServiceBaseConfig } from '@eventshop/service-runtime';
import { z } from 'zod';

export interface QueryTopics {
  orderEvents: string;
  inventoryEvents: string;
  paymentEvents: string;
  shippingEvents: string;
}

export const defaultQueryTopics: QueryTopics = {
  orderEvents: Topics.orderEvents,
  inventoryEvents: Topics.inventoryEvents,
  paymentEvents: Topics.paymentEvents,
  shippingEvents: Topics.shippingEvents,
};

export interface QueryConfig extends ServiceBaseConfig {
  topics: QueryTopics;
  /** How long a read with a consistency token waits for the view to include the write (READ_YOUR_WRITES_TIMEOUT_MS). */
  readYourWritesTimeoutMs: number;
  /** Where the gRPC read API listens (GRPC_PORT, default 3006; on the same host as HTTP). */
  grpcPort: number;
  /** The invariants check: orders are judged once they ended this long ago, the newest this many. */
  invariants: { settleMs: number; ordersJudged: number };
  /**
   * How long the projections gather facts from all their partitions before one transaction projects
   * them (PROJECTION_GATHER_MS; 0: each fetched batch at once). Fewer transactions at low rates, for
   * that much projection lag.
   */
  projectionGatherMs?: number;
  /**
   * How long the live change feed keeps a change (ORDER_CHANGES_RETENTION_MS): a subscriber may resume
   * within it; one resuming from before is answered 410 Gone.
   */
  orderChangesRetentionMs?: number;
  /** Versions that override the code's (tests simulate a raised version with it). */
  projectionVersions?: Partial<Record<string, number>>;
}

/** At 5 orders/s an order's facts reach the read side over ~80 ms: gathered for 30, a few share a transaction. */
export const defaultProjectionGatherMs = 30;

/** A week: far longer than any reconnect; a subscriber away for longer reads the current state again. */
export const defaultOrderChangesRetentionMs = 7 * 24 * 3_600_000;

const queryEnv = z.object({
  READ_YOUR_WRITES_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(5_000),
  GRPC_PORT: z.coerce.number().int().min(1).max(65535).default(3006),
  INVARIANTS_SETTLE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  INVARIANTS_ORDERS_JUDGED: z.coerce.number().int().positive().max(100_000).default(1_000),
  PROJECTION_GATHER_MS: z.coerce.number().int().min(0).max(1_000).default(defaultProjectionGatherMs),
  ORDER_CHANGES_RETENTION_MS: z.coerce.number().int().min(60_000).default(defaultOrderChangesRetentionMs),
});

export function queryConfigFromEnv(env: NodeJS.ProcessEnv = process.env): QueryConfig {
  const { config, own } = serviceConfigFromEnv({ port: 3005, database: 'query', topics: defaultQueryTopics }, queryEnv, env);
  return {
    ...config,
    readYourWritesTimeoutMs: own.READ_YOUR_WRITES_TIMEOUT_MS,
    grpcPort: own.GRPC_PORT,
    invariants: { settleMs: own.INVARIANTS_SETTLE_MS, ordersJudged: own.INVARIANTS_ORDERS_JUDGED },
    projectionGatherMs: own.PROJECTION_GATHER_MS,
    orderChangesRetentionMs: own.ORDER_CHANGES_RETENTION_MS,
  };
}
