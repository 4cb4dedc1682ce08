// Where the test run's PostgreSQL and Kafka are. Always read from the environment, so that whatever
// provided them (CI, testcontainers, the native broker, embedded PostgreSQL) the tests see one shape.
import type { PoolConfig } from 'pg';

export interface TestEndpoints {
  postgres: { host: string; port: number; user: string; password: string };
  kafkaBrokers: string[];
}

export function endpointsFromEnv(env: NodeJS.ProcessEnv = process.env): TestEndpoints | undefined {
  if (!env['KAFKA_BROKERS'] || !env['PGHOST']) return undefined;
  return {
    postgres: {
      host: env['PGHOST'],
      port: Number(env['PGPORT'] ?? 5432),
      user: env['PGUSER'] ?? 'postgres',
      password: env['PGPASSWORD'] ?? '',
    },
    kafkaBrokers: env['KAFKA_BROKERS'].split(',').map((b) => b.trim()),
  };
}

export function endpointsToEnv(endpoints: TestEndpoints): Record<string, string> {
  return {
    PGHOST: endpoints.postgres.host,
    PGPORT: String(endpoints.postgres.port),
    PGUSER: endpoints.postgres.user,
    PGPASSWORD: endpoints.postgres.password,
    KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
  };
}

export function testEndpoints(): TestEndpoints {
  const endpoints = endpointsFromEnv();
  if (!endpoints) {
    throw new Error('KAFKA_BROKERS and PGHOST are not set: run tests through `npm test` or jest (its global setup provides them)');
  }
  return endpoints;
}

export function postgresConfig(database: string, endpoints = testEndpoints()): PoolConfig {
  return { ...endpoints.postgres, database };
}
