// docker-compose.yml and the Kubernetes manifests (deploy/k8s) as the tests check them without an
// engine or a cluster: their services (YAML merge keys resolved, environments as strings — a
// Deployment's from its env and the kustomize-generated ConfigMaps and Secrets it loads — depends_on
// as a map), which of them run a given app, and whether an app's validated configuration knows every
// variable it is given and listens on a port that is published. A configuration loader is observed reading its environment: the names it reads are the
// names it knows (besides the tracing variables every app reads first).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tracingVariables } from '@eventshop/observability';
import { parse, parseAllDocuments } from 'yaml';

const root = path.resolve(__dirname, '../../..');
export const composeFile = path.join(root, 'docker-compose.yml');
export const kubernetesDirectory = path.join(root, 'deploy', 'k8s');

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

export interface DeploymentConfigReport {
  services: string[];
  /** service: variable — given by compose, read by no one. */
  unknownVariables: string[];
  /** service: port — the app listens there, compose publishes no such container port. */
  unpublishedPorts: string[];
}

/** How a deployment (docker-compose.yml by default) runs an app, against its configuration loader (which must accept each environment). */
export function deploymentConfigReport(app: string, load: (env: NodeJS.ProcessEnv) => { port: number }, services = readCompose()): DeploymentConfigReport {
  const report: DeploymentConfigReport = { services: [], unknownVariables: [], unpublishedPorts: [] };
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

export interface KubernetesResource {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
}

export interface Kustomization {
  resources: string[];
  images?: { name: string; newName?: string; newTag?: string }[];
  configMapGenerator?: { name: string; literals?: string[] }[];
  secretGenerator?: { name: string; literals?: string[] }[];
}

interface Container {
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
}

export function readKustomization(directory = kubernetesDirectory): Kustomization {
  return parse(readFileSync(path.join(directory, 'kustomization.yaml'), 'utf8')) as Kustomization;
}

/** Every resource the kustomization lists, from every document of every file. */
export function readKubernetesResources(directory = kubernetesDirectory): KubernetesResource[] {
  return readKustomization(directory).resources.flatMap((file) =>
    parseAllDocuments(readFileSync(path.join(directory, file), 'utf8')).map((document) => document.toJSON() as KubernetesResource),
  );
}

/** The Deployments as services in compose's shape: command, container ports, the whole environment. */
export function readKubernetes(directory = kubernetesDirectory): Record<string, ComposeService> {
  const kustomization = readKustomization(directory);
  const generated = new Map(
    [...(kustomization.configMapGenerator ?? []), ...(kustomization.secretGenerator ?? [])].map((g) => [
      g.name,
      Object.fromEntries((g.literals ?? []).map((literal) => [literal.slice(0, literal.indexOf('=')), literal.slice(literal.indexOf('=') + 1)])),
    ]),
  );
  const deployments = readKubernetesResources(directory).filter((r) => r.kind === 'Deployment');
  return Object.fromEntries(
    deployments.map((deployment) => {
      const [container] = (deployment.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers;
      const loaded = (container.envFrom ?? []).map((source) => generated.get(source.configMapRef?.name ?? source.secretRef?.name ?? '') ?? {});
      const own = Object.fromEntries((container.env ?? []).map((e) => [e.name, String(e.value ?? '')]));
      const service: ComposeService = {
        command: container.command,
        ports: (container.ports ?? []).map((p) => String(p.containerPort)),
        environment: Object.assign({}, ...loaded, own) as Record<string, string>,
        depends_on: {},
      };
      return [deployment.metadata.name, service];
    }),
  );
}

/** The workspace's deployable apps: those with a build target (npx nx build <app>). */
export function deployableApps(): string[] {
  const apps = path.join(root, 'apps');
  return readdirSync(apps).filter((app) => {
    const project = path.join(apps, app, 'project.json');
    return existsSync(project) && (JSON.parse(readFileSync(project, 'utf8')) as { targets?: Record<string, unknown> }).targets?.['build'] !== undefined;
  });
}

/**
 * The spec every deployable service has (deployment.spec.ts): docker-compose.yml and the Kubernetes
 * manifests run it with variables its configuration reads and accepts, on a port they publish.
 */
export function describeDeploymentsOf(app: string, load: (env: NodeJS.ProcessEnv) => { port: number }): void {
  describe(`the deployments run ${app}`, () => {
    const clean = { services: [expect.any(String)], unknownVariables: [], unpublishedPorts: [] };

    it('in docker-compose.yml with variables its configuration reads and accepts, on a port compose publishes', () => {
      expect(deploymentConfigReport(app, load)).toEqual(clean);
    });

    it('on Kubernetes (deploy/k8s) with variables its configuration reads and accepts, on its container port', () => {
      expect(deploymentConfigReport(app, load, readKubernetes())).toEqual(clean);
    });
  });
}
