// shipping-service configuration, from the environment (validated) or given whole by tests.
import type { BreakerPolicy } from '@eventshop/resilience';
import { serviceConfigFromEnv, type ServiceBaseConfig } from '@eventshop/service-runtime';
import { z } from 'zod';
import { defaultShippingTopics, type ShippingTopics } from './application/shipping-topics';

const shippingEnv = z.object({
  CARRIER_URL: z.url().default('http://127.0.0.1:3012'),
  /** How long a booking may wait while the carrier is unavailable (keep it within the saga's deadline). */
  BOOKING_DEADLINE_MS: z.coerce.number().int().positive().default(20_000),
  CARRIER_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
});

export interface ShippingConfig extends ServiceBaseConfig {
  topics: ShippingTopics;
  carrierUrl: string;
  bookingDeadlineMs: number;
  carrierTimeoutMs: number;
  breakerPolicy?: Partial<BreakerPolicy>;
}

export function shippingConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ShippingConfig {
  const { config, own: e } = serviceConfigFromEnv({ port: 3004, database: 'shipping', topics: defaultShippingTopics }, shippingEnv, env);
  return {
    ...config,
    carrierUrl: e.CARRIER_URL,
    bookingDeadlineMs: e.BOOKING_DEADLINE_MS,
    carrierTimeoutMs: e.CARRIER_TIMEOUT_MS,
  };
}
