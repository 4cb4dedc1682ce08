// payment-service configuration, from the environment (validated) or given whole by tests.
import type { BreakerPolicy } from '@eventshop/resilience';
import { serviceConfigFromEnv, type ServiceBaseConfig } from '@eventshop/service-runtime';
import { z } from 'zod';
import { defaultPaymentTopics, type PaymentTopics } from './application/payment-topics';

const paymentEnv = z.object({
  PSP_PRIMARY_URL: z.url().default('http://127.0.0.1:3010'),
  PSP_SECONDARY_URL: z.url().default('http://127.0.0.1:3011'),
  /** How long a charge may stay PENDING while no provider can act (keep it within the saga's deadline). */
  CHARGE_DEADLINE_MS: z.coerce.number().int().positive().default(20_000),
  PSP_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
});

export interface PaymentConfig extends ServiceBaseConfig {
  topics: PaymentTopics;
  providers: { name: string; url: string }[];
  chargeDeadlineMs: number;
  providerTimeoutMs: number;
  breakerPolicy?: Partial<BreakerPolicy>;
}

export function paymentConfigFromEnv(env: NodeJS.ProcessEnv = process.env): PaymentConfig {
  const { config, own: e } = serviceConfigFromEnv({ port: 3003, database: 'payment', topics: defaultPaymentTopics }, paymentEnv, env);
  return {
    ...config,
    providers: [
      { name: 'psp-primary', url: e.PSP_PRIMARY_URL },
      { name: 'psp-secondary', url: e.PSP_SECONDARY_URL },
    ],
    chargeDeadlineMs: e.CHARGE_DEADLINE_MS,
    providerTimeoutMs: e.PSP_TIMEOUT_MS,
  };
}
