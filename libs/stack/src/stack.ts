// The whole Eventshop stack as real processes on this machine: the fake providers and the four
// services, each with its own database and, per run, its own topic prefix, so runs never meet.
// PostgreSQL and Kafka come from libs/testing (environment, testcontainers, or native + embedded),
// or from the caller.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, type PoolConfig } from 'pg';
import { deleteTopicsWithPrefix, endpointsToEnv, freePort, portIsFree, startTestInfrastructure, type TestInfrastructure } from '@eventshop/testing';
import { repoRoot, startProcess, type ServiceProcess } from './service-process';

export type ServiceName = 'psp-primary' | 'psp-secondary' | 'carrier' | 'inventory' | 'payment' | 'shipping' | 'order' | 'query' | 'gateway';

export interface Stack {
  runId: string;
  /** In front of every topic name of this run. */
  topicPrefix: string;
  /** The brokers the stack runs against. */
  kafkaBrokers: string[];
  urls: Record<ServiceName, string>;
  /** Where the query service answers gRPC (host:port): the gateway's way to the read side. */
  queryGrpcAddress: string;
  /** Where each process writes its log (<service>.log). */
  logDir: string;
  /** Each service's database, for checks that look inside (outboxes drained). */
  databases: Record<'inventory' | 'payment' | 'shipping' | 'order', PoolConfig>;
  /** The query service's database: the read models (no outbox: not among `databases`). */
  readDatabase: PoolConfig;
  /** The first instance of each service. */
  processes: Map<ServiceName, ServiceProcess>;
  /** Every instance of each service, the first one first (StackOptions.instances). */
  instances: Map<ServiceName, ServiceProcess[]>;
  /** Starts a service (its first instance, or the one at `index`) again after it was killed: same port, database and topics. */
  restart(name: ServiceName, index?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Extra environment per service, e.g. shorter saga deadlines for tests. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Extra environment for every process, e.g. OTEL_EXPORTER_OTLP_ENDPOINT to collect their traces. */
  sharedEnv?: Record<string, string>;
  logDir?: string;
  /**
   * How many instances of a service to run (default 1): each on its own port, all on the service's
   * database and consumer groups — partitions shared, one outbox relay leading. Clients reach the first.
   */
  instances?: Partial<Record<'inventory' | 'payment' | 'shipping' | 'order' | 'query', number>>;
  /**
   * The PostgreSQL and Kafka to run on, instead of the test run's (startTestInfrastructure): e.g. a
   * test's own, which it crashes (startOwnInfrastructure). The stack stops it with everything else.
   */
  infrastructure?: TestInfrastructure;
  /** Run the production builds (dist/apps/<app>/main.js) instead of the sources — what the Dockerfile runs. */
  built?: boolean;
  /** Extra arguments for node per service, e.g. `--prof` (V8's profiler; writes isolate-*.log into cwd). */
  nodeArgs?: Partial<Record<ServiceName, string[]>>;
  /** Drop the run's databases and delete its topics on stop (default true). */
  dropDatabases?: boolean;
  /**
   * Listen on the documented default ports where they are free (the demo, so that a newcomer can curl
   * what the README shows); otherwise, and by default, on free random ports (tests run side by side).
   */
  defaultPorts?: boolean;
}

/** The documented default ports (ARCHITECTURE's public HTTP contract). */
export const defaultPorts: Record<ServiceName, number> = {
  gateway: 3000,
  inventory: 3002,
  payment: 3003,
  shipping: 3004,
  order: 3001,
  query: 3005,
  'psp-primary': 3010,
  'psp-secondary': 3011,
  carrier: 3012,
};

/** The query service's gRPC port (its HTTP port is 3005). */
export const defaultQueryGrpcPort = 3006;

interface Spec {
  name: ServiceName;
  app: string;
  healthPath: string;
  env: Record<string, string>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const infrastructure: TestInfrastructure = options.infrastructure ?? (await startTestInfrastructure());
  const logDir = options.logDir ?? path.join(repoRoot, '.eventshop', 'logs', runId);
  mkdirSync(logDir, { recursive: true });
  const names: ServiceName[] = ['psp-primary', 'psp-secondary', 'carrier', 'inventory', 'payment', 'shipping', 'order', 'query', 'gateway'];
  const portFor = async (name: ServiceName) => (options.defaultPorts && (await portIsFree(defaultPorts[name])) ? defaultPorts[name] : freePort());
  const ports = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await portFor(n)]))) as Record<ServiceName, number>;
  const urls = Object.fromEntries(names.map((n) => [n, `http://127.0.0.1:${ports[n]}`])) as Record<ServiceName, string>;
  const queryGrpcPort = options.defaultPorts && (await portIsFree(defaultQueryGrpcPort)) ? defaultQueryGrpcPort : await freePort();
  const queryGrpcAddress = `127.0.0.1:${queryGrpcPort}`;
  const topicPrefix = `e2e-${runId}.`;
  const shared = { ...endpointsToEnv(infrastructure.endpoints), TOPIC_PREFIX: topicPrefix, LOG_LEVEL: 'warn' };
  const database = (service: string) => `e2e_${runId}_${service}`;
  const specs: Spec[] = [
    { name: 'psp-primary', app: 'fake-psp', healthPath: '/health', env: { PROVIDER_NAME: 'psp-primary' } },
    { name: 'psp-secondary', app: 'fake-psp', healthPath: '/health', env: { PROVIDER_NAME: 'psp-secondary' } },
    { name: 'carrier', app: 'fake-carrier', healthPath: '/health', env: {} },
    { name: 'inventory', app: 'inventory-service', healthPath: '/health/ready', env: { ...shared, PGDATABASE: database('inventory') } },
    {
      name: 'payment',
      app: 'payment-service',
      healthPath: '/health/ready',
      env: { ...shared, PGDATABASE: database('payment'), PSP_PRIMARY_URL: urls['psp-primary'], PSP_SECONDARY_URL: urls['psp-secondary'] },
    },
    {
      name: 'shipping',
      app: 'shipping-service',
      healthPath: '/health/ready',
      env: { ...shared, PGDATABASE: database('shipping'), CARRIER_URL: urls.carrier },
    },
    { name: 'order', app: 'order-service', healthPath: '/health/ready', env: { ...shared, PGDATABASE: database('order') } },
    {
      name: 'query',
      app: 'query-service',
      healthPath: '/health/ready',
      env: { ...shared, PGDATABASE: database('query'), GRPC_PORT: String(queryGrpcPort) },
    },
    {
      name: 'gateway',
      app: 'api-gateway',
      healthPath: '/health/ready',
      env: {
        LOG_LEVEL: 'warn',
        ORDER_URL: urls.order,
        INVENTORY_URL: urls.inventory,
        PAYMENT_URL: urls.payment,
        SHIPPING_URL: urls.shipping,
        QUERY_URL: urls.query,
        QUERY_GRPC_ADDRESS: queryGrpcAddress,
        DEV_TOKENS: 'on', // the demo's and the tests' tokens (a random signing secret per start)
        // The dashboard's fault switches reach the fake providers through the gateway (demo only).
        FAKE_PSP_PRIMARY_URL: urls['psp-primary'],
        FAKE_PSP_SECONDARY_URL: urls['psp-secondary'],
        FAKE_CARRIER_URL: urls.carrier,
      },
    },
  ];
  const instances = new Map<ServiceName, ServiceProcess[]>();
  const processes = new Map<ServiceName, ServiceProcess>();
  // Instance 0 listens where `urls` say; the others on ports of their own (and the query service's gRPC too).
  const extraPorts = new Map<string, { port: number; grpcPort: number }>();
  const portsOf = async (spec: Spec, index: number): Promise<{ port: number; env: Record<string, string> }> => {
    if (index === 0) return { port: ports[spec.name], env: {} };
    const key = `${spec.name}-${index + 1}`;
    if (!extraPorts.has(key)) extraPorts.set(key, { port: await freePort(), grpcPort: await freePort() });
    const extra = extraPorts.get(key) as { port: number; grpcPort: number };
    return { port: extra.port, env: spec.name === 'query' ? { GRPC_PORT: String(extra.grpcPort) } : {} };
  };
  const launch = async (spec: Spec, index = 0) => {
    const { port, env } = await portsOf(spec, index);
    const started = await startProcess({
      ...spec,
      name: index === 0 ? spec.name : `${spec.name}-${index + 1}`,
      built: options.built,
      port,
      // Traced under their app's name; the two PSPs, one app, under their own.
      env: { OTEL_SERVICE_NAME: spec.app === 'fake-psp' ? spec.name : spec.app, ...options.sharedEnv, ...spec.env, ...env, ...options.env?.[spec.name] },
      nodeArgs: options.nodeArgs?.[spec.name],
      logDir,
    });
    const all = instances.get(spec.name) ?? [];
    all[index] = started;
    instances.set(spec.name, all);
    if (index === 0) processes.set(spec.name, started);
  };
  const launchInstances = async (spec: Spec) => {
    const count = options.instances?.[spec.name as keyof NonNullable<StackOptions['instances']>] ?? 1;
    await launch(spec);
    for (let index = 1; index < count; index++) await launch(spec, index);
  };
  const stopAll = async () => {
    await Promise.all([...instances.values()].flat().map((p) => p.stop()));
    if (options.dropDatabases ?? true) {
      await dropDatabases(infrastructure, ['inventory', 'payment', 'shipping', 'order', 'query'].map(database));
      await deleteTopicsWithPrefix(topicPrefix, infrastructure.endpoints.kafkaBrokers).catch(() => undefined); // a stopped broker takes its data along
    }
    await infrastructure.stop();
  };
  // Every launch of a group is awaited, failed or not, so that one that fails never leaves the others
  // starting unseen (and running on after the stop below).
  const launchAll = async (group: Spec[]) => {
    const failed = (await Promise.allSettled(group.map(launchInstances))).find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  try {
    await launchAll(specs.slice(0, 3)); // the outside world first
    await launchAll(specs.slice(3, -1)); // the services
    await launchAll(specs.slice(-1)); // the gateway in front, once what it routes to is ready
  } catch (error) {
    await stopAll();
    throw error;
  }
  const postgres = infrastructure.endpoints.postgres;
  const databases = Object.fromEntries(
    (['inventory', 'payment', 'shipping', 'order'] as const).map((s) => [s, { ...postgres, database: database(s) }]),
  ) as Stack['databases'];
  return {
    runId,
    topicPrefix,
    kafkaBrokers: infrastructure.endpoints.kafkaBrokers,
    urls,
    queryGrpcAddress,
    logDir,
    databases,
    readDatabase: { ...postgres, database: database('query') },
    processes,
    instances,
    restart: async (name, index = 0) => {
      const spec = specs.find((s) => s.name === name);
      if (!spec) throw new Error(`no service ${name}`);
      await instances.get(name)?.[index]?.stop();
      await launch(spec, index);
    },
    stop: stopAll,
  };
}

async function dropDatabases(infrastructure: TestInfrastructure, names: string[]): Promise<void> {
  const admin = new Client({ ...infrastructure.endpoints.postgres, database: 'postgres' });
  await admin.connect();
  try {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
