// inventory-service configuration, from the environment (validated) or given whole by tests.
import { serviceConfigFromEnv, type ServiceBaseConfig } from '@eventshop/service-runtime';
import { z } from 'zod';
import { defaultInventoryTopics, type InventoryTopics } from './application/inventory-topics';

export interface InventoryConfig extends ServiceBaseConfig {
  topics: InventoryTopics;
}

export function inventoryConfigFromEnv(env: NodeJS.ProcessEnv = process.env): InventoryConfig {
  return serviceConfigFromEnv({ port: 3002, database: 'inventory', topics: defaultInventoryTopics }, z.object({}), env).config;
}
