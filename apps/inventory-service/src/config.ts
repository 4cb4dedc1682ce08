// inventory-service configuration, from the environment (validated) or given whole by tests.
import { infrastructureEnv, loadConfig } from '@eventshop/service-runtime';
import type { PoolConfig } from 'pg';
import { z } from 'zod';
import { defaultInventoryTopics, type InventoryTopics } from './application/inventory-topics';

const inventoryEnv = infrastructureEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  PGDATABASE: z.string().min(1).default('inventory'),
});

export interface InventoryConfig {
  port: number;
  host: string;
  database: PoolConfig;
  kafkaBrokers: string[];
  partitions: number;
  topics: InventoryTopics;
  logLevel: string;
}

export function inventoryConfigFromEnv(env: NodeJS.ProcessEnv = process.env): InventoryConfig {
  const e = loadConfig(inventoryEnv, env);
  return {
    port: e.PORT,
    host: e.HOST,
    database: { host: e.PGHOST, port: e.PGPORT, user: e.PGUSER, password: e.PGPASSWORD, database: e.PGDATABASE },
    kafkaBrokers: e.KAFKA_BROKERS,
    partitions: e.KAFKA_PARTITIONS,
    topics: defaultInventoryTopics,
    logLevel: e.LOG_LEVEL,
  };
}
