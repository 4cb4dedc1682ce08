// docker-compose.yml as the tests check it without a Docker engine: its services (YAML merge keys
// resolved, environments as strings, depends_on as a map), which of them run a given app, and whether
// an app's validated configuration knows every variable compose gives it and listens on a port compose
// publishes. A configuration loader is observed reading its environment: the names it reads are the
// names it knows (besides the tracing variables every app reads first).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tracingVariables } from '@eventshop/observability';
import { parse } from 'yaml';

export const composeFile = path.resolve(__dirname, '../../..', 'docker-compose.yml');

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  ports: string[];
  environment: Record<string, string>;
  healthcheck?: { test?: unknown };
  depends_on: Record<string, { condition: string }>;
}

interface RawService extends Partial<Omit<ComposeService, 'environment' | 'depends_on'>> {
  environment?: Record<string, unknown> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
}

export function readCompose(file = composeFile): Record<string, ComposeService> {
  const document = parse(readFileSync(file, 'utf8'), { merge: true }) as { services?: Record<string, RawService> };
  return Object.fromEntries(
    Object.entries(document.services ?? {}).map(([name, raw]) => {
      const environment = Array.isArray(raw.environment)
        ? Object.fromEntries(raw.environment.map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]))
        : Object.fromEntries(Object.entries(raw.environment ?? {}).map(([key, value]) => [key, String(value)]));
      const dependsOn = Array.isArray(raw.depends_on)
        ? Object.fromEntries(raw.depends_on.map((target) => [target, { condition: 'service_started' }]))
        : Object.fromEntries(Object.entries(raw.depends_on ?? {}).map(([target, d]) => [target, { condition: d.condition ?? 'service_started' }]));
      return [name, { ...raw, ports: (raw.ports ?? []).map(String), environment, depends_on: dependsOn }];
    }),
  );
}

/** The services whose command runs the app's build (dist/apps/<app>/main.js). */
export function composeServicesRunning(app: string, services = readCompose()): [string, ComposeService][] {
  return Object.entries(services).filter(([, s]) => (s.command ?? []).some((part) => part === `dist/apps/${app}/main.js`));
}

/** The environment variable names a configuration loader reads. */
export function variablesReadBy(load: (env: NodeJS.ProcessEnv) => unknown, env: Record<string, string> = {}): Set<string> {
  const read = new Set<string>();
  const observed = new Proxy(
    { ...env },
    {
      get(target, key, receiver) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key, receiver);
      },
    },
  );
  load(observed);
  return read;
}

export interface ComposeConfigReport {
  services: string[];
  /** service: variable — given by compose, read by no one. */
  unknownVariables: string[];
  /** service: port — the app listens there, compose publishes no such container port. */
  unpublishedPorts: string[];
}

/** How docker-compose.yml runs an app, against its configuration loader (which must accept each environment). */
export function composeConfigReport(app: string, load: (env: NodeJS.ProcessEnv) => { port: number }, services = readCompose()): ComposeConfigReport {
  const report: ComposeConfigReport = { services: [], unknownVariables: [], unpublishedPorts: [] };
  for (const [name, service] of composeServicesRunning(app, services)) {
    report.services.push(name);
    const known = new Set([...variablesReadBy(load, service.environment), ...tracingVariables]); // tracing is read before the app's configuration
    report.unknownVariables.push(
      ...Object.keys(service.environment)
        .filter((variable) => !known.has(variable))
        .map((v) => `${name}: ${v}`),
    );
    const { port } = load(service.environment);
    const published = service.ports.map((mapping) => Number(mapping.split(':').pop()));
    if (!published.includes(port)) report.unpublishedPorts.push(`${name}: ${port}`);
  }
  return report;
}
