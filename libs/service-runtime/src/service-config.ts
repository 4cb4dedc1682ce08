// Configuration from the environment, validated once at start: a wrong or missing variable stops the
// service with a message naming it, instead of failing later somewhere deep.
import { z } from 'zod';

/**
 * Connections a process keeps to PostgreSQL at most, unless PG_POOL_SIZE says otherwise. Every
 * process of the stack draws on the server's max_connections (100 by default): five processes of 10
 * use half, which leaves a second replica of each its room. Waiting for a pooled connection costs
 * less than PostgreSQL running more transactions at once than it has cores.
 */
export const defaultPoolSize = 10;

/** What every event-sourced service needs: where it listens, its database and the brokers. */
export const infrastructureEnv = z.object({
  HOST: z.string().default('127.0.0.1'),
  PGHOST: z.string().default('127.0.0.1'),
  PGPORT: z.coerce.number().int().positive().default(5432),
  PGUSER: z.string().default('postgres'),
  PGPASSWORD: z.string().default(''),
  // At least 4: the outbox relay's leader and each work queue's listener hold one for as long as they run.
  PG_POOL_SIZE: z.coerce.number().int().min(4).max(1_000).default(defaultPoolSize),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((s) => s.split(',').map((b) => b.trim())),
  KAFKA_PARTITIONS: z.coerce.number().int().positive().default(3),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return result.data;
}
