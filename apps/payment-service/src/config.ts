// payment-service configuration, from the environment (validated) or given whole by tests.
import type { BreakerPolicy } from '@eventshop/resilience';
import { infrastructureEnv, loadConfig } from '@eventshop/service-runtime';
import type { PoolConfig } from 'pg';
import { z } from 'zod';
import { defaultPaymentTopics, type PaymentTopics } from './application/payment-topics';

const paymentEnv = infrastructureEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  PGDATABASE: z.string().min(1).default('payment'),
  PSP_PRIMARY_URL: z.url().default('http://127.0.0.1:3010'),
  PSP_SECONDARY_URL: z.url().default('http://127.0.0.1:3011'),
  /** How long a charge may stay PENDING while no provider can act (keep it within the saga's deadline). */
  CHARGE_DEADLINE_MS: z.coerce.number().int().positive().default(20_000),
  PSP_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
});

export interface PaymentConfig {
  port: number;
  host: string;
  database: PoolConfig;
  kafkaBrokers: string[];
  partitions: number;
  topics: PaymentTopics;
  logLevel: string;
  providers: { name: string; url: string }[];
  chargeDeadlineMs: number;
  providerTimeoutMs: number;
  breakerPolicy?: Partial<BreakerPolicy>;
  /** How often workers look for due work when nothing woke them. */
  workPollIntervalMs?: number;
}

export function paymentConfigFromEnv(env: NodeJS.ProcessEnv = process.env): PaymentConfig {
  const e = loadConfig(paymentEnv, env);
  return {
    port: e.PORT,
    host: e.HOST,
    database: { host: e.PGHOST, port: e.PGPORT, user: e.PGUSER, password: e.PGPASSWORD, database: e.PGDATABASE },
    kafkaBrokers: e.KAFKA_BROKERS,
    partitions: e.KAFKA_PARTITIONS,
    topics: defaultPaymentTopics,
    logLevel: e.LOG_LEVEL,
    providers: [
      { name: 'psp-primary', url: e.PSP_PRIMARY_URL },
      { name: 'psp-secondary', url: e.PSP_SECONDARY_URL },
    ],
    chargeDeadlineMs: e.CHARGE_DEADLINE_MS,
    providerTimeoutMs: e.PSP_TIMEOUT_MS,
  };
}
