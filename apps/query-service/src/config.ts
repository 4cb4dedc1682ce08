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
}

export function queryConfigFromEnv(env: NodeJS.ProcessEnv = process.env): QueryConfig {
  return serviceConfigFromEnv({ port: 3005, database: 'query', topics: defaultQueryTopics }, z.object({}), env).config;
}
