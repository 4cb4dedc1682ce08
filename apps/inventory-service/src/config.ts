// inventory-service configuration, from the environment (validated) or given whole by tests.
import { baseConfigFromEnv, prefixTopics, type ServiceBaseConfig } from '@eventshop/service-runtime';
import { defaultInventoryTopics, type InventoryTopics } from './application/inventory-topics';

export interface InventoryConfig extends ServiceBaseConfig {
  topics: InventoryTopics;
}

export function inventoryConfigFromEnv(env: NodeJS.ProcessEnv = process.env): InventoryConfig {
  const base = baseConfigFromEnv({ port: 3002, database: 'inventory' }, env);
  return { ...base, topics: prefixTopics(defaultInventoryTopics, base.topicPrefix) };
}
