// api-gateway configuration, from the environment (validated) or given whole by tests. The gateway
// keeps no state of its own: it needs where its upstreams answer, its signing secret and its limits.
import { randomBytes } from 'node:crypto';
import type { BreakerPolicy } from '@eventshop/resilience';
import { loadConfig } from '@eventshop/service-runtime';
import { z } from 'zod';

const onOff = z.enum(['on', 'off']);

const gatewayEnv = z
  .object({
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ORDER_URL: z.url().default('http://127.0.0.1:3001'),
    INVENTORY_URL: z.url().default('http://127.0.0.1:3002'),
    PAYMENT_URL: z.url().default('http://127.0.0.1:3003'),
    SHIPPING_URL: z.url().default('http://127.0.0.1:3004'),
    QUERY_URL: z.url().default('http://127.0.0.1:3005'),
    QUERY_GRPC_ADDRESS: z.string().min(1).default('127.0.0.1:3006'),
    /** HS256 secret that signs and checks access tokens; required unless DEV_TOKENS=on (then one is made per start). */
    JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
    /** Demo only: POST /api/v1/dev/token hands out a token for any customer or an admin. */
    DEV_TOKENS: onOff.default('off'),
    /** Per client (token subject, or address without one): a bucket of this many requests… */
    RATE_LIMIT_BURST: z.coerce.number().int().positive().default(60),
    /** …refilled at this many per second. */
    RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(20),
    /** Per route, for all clients together: at most this many requests in any sliding window… */
    ROUTE_LIMIT: z.coerce.number().int().positive().default(500),
    /** …of this many milliseconds. */
    ROUTE_WINDOW_MS: z.coerce.number().int().positive().default(1_000),
    /** Demo only: the fake providers whose faults the dashboard may switch (PSP outage, carrier refusal, latency). */
    FAKE_PSP_PRIMARY_URL: z.url().optional(),
    FAKE_PSP_SECONDARY_URL: z.url().optional(),
    FAKE_CARRIER_URL: z.url().optional(),
    /** An upstream that has not answered in this long is treated as down (503 with Retry-After). */
    UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  })
  .refine((e) => e.JWT_SECRET !== undefined || e.DEV_TOKENS === 'on', { message: 'set JWT_SECRET (or DEV_TOKENS=on for the demo)', path: ['JWT_SECRET'] });

export interface RateLimits {
  perClient: { burst: number; refillPerSecond: number };
  perRoute: { limit: number; windowMs: number };
}

/** A fake provider of the demo, by the name the payment and shipping services know it under. */
export interface FakeProvider {
  name: 'psp-primary' | 'psp-secondary' | 'carrier';
  kind: 'psp' | 'carrier';
  url: string;
}

export interface GatewayConfig {
  host: string;
  port: number;
  logLevel: string;
  upstreams: { order: string; inventory: string; payment: string; shipping: string; query: string };
  queryGrpcAddress: string;
  auth: { secret: string; devTokens: boolean };
  rateLimits: RateLimits;
  upstreamTimeoutMs: number;
  /** The fake providers whose faults admins may switch (none unless the demo names them). */
  fakeProviders: FakeProvider[];
  /** The breakers in front of each upstream of a composed answer (ARCHITECTURE's policy unless overridden). */
  breakerPolicy?: Partial<BreakerPolicy>;
}

export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const e = loadConfig(gatewayEnv, env);
  return {
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    upstreams: { order: e.ORDER_URL, inventory: e.INVENTORY_URL, payment: e.PAYMENT_URL, shipping: e.SHIPPING_URL, query: e.QUERY_URL },
    queryGrpcAddress: e.QUERY_GRPC_ADDRESS,
    auth: { secret: e.JWT_SECRET ?? randomBytes(32).toString('hex'), devTokens: e.DEV_TOKENS === 'on' },
    rateLimits: {
      perClient: { burst: e.RATE_LIMIT_BURST, refillPerSecond: e.RATE_LIMIT_PER_SECOND },
      perRoute: { limit: e.ROUTE_LIMIT, windowMs: e.ROUTE_WINDOW_MS },
    },
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
    fakeProviders: (
      [
        { name: 'psp-primary', kind: 'psp', url: e.FAKE_PSP_PRIMARY_URL },
        { name: 'psp-secondary', kind: 'psp', url: e.FAKE_PSP_SECONDARY_URL },
        { name: 'carrier', kind: 'carrier', url: e.FAKE_CARRIER_URL },
      ] as const
    ).flatMap((p) => (p.url ? [{ ...p, url: p.url }] : [])),
  };
}
