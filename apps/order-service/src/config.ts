// order-service configuration, from the environment (validated) or given whole by tests.
import { Topics } from '@eventshop/contracts';
import { serviceConfigFromEnv, type ServiceBaseConfig } from '@eventshop/service-runtime';
import { z } from 'zod';
import type { OrderSagaTimings } from './application/order-saga.definition';

const orderEnv = z.object({
  SAGA_STEP_DEADLINE_MS: z.coerce.number().int().positive().default(30_000),
  SAGA_STEP_ATTEMPTS: z.coerce.number().int().positive().default(3),
  SAGA_COMPENSATION_ATTEMPTS: z.coerce.number().int().positive().default(10),
});

export interface OrderTopics {
  replies: string;
  events: string;
  inventory: string;
  payment: string;
  shipping: string;
}

export const defaultOrderTopics: OrderTopics = {
  replies: Topics.sagaReplies,
  events: Topics.orderEvents,
  inventory: Topics.inventoryCommands,
  payment: Topics.paymentCommands,
  shipping: Topics.shippingCommands,
};

export interface OrderConfig extends ServiceBaseConfig {
  topics: OrderTopics;
  saga: OrderSagaTimings;
}

export function orderConfigFromEnv(env: NodeJS.ProcessEnv = process.env): OrderConfig {
  const { config, own: e } = serviceConfigFromEnv({ port: 3001, database: 'order', topics: defaultOrderTopics }, orderEnv, env);
  return {
    ...config,
    saga: { stepDeadlineMs: e.SAGA_STEP_DEADLINE_MS, stepAttempts: e.SAGA_STEP_ATTEMPTS, compensationAttempts: e.SAGA_COMPENSATION_ATTEMPTS },
  };
}
