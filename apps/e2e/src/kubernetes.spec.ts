// The Kubernetes manifests (deploy/k8s, kustomize), checked without a cluster the way docker-compose.yml
// is: every deployable app has a Deployment and a Service on its named port; the services and the
// gateway run two replicas (the fake providers one: their ledgers live in memory); every container is
// probed for readiness and liveness on its health routes, runs as a non-root user, and uses the one
// image pinned by the kustomization. Each app's deployment.spec.ts checks its environment against its
// validated configuration. Not checked here: `kubectl apply` on a real cluster.
import { composeServicesRunning, deployableApps, readKubernetes, readKubernetesResources, readKustomization } from '@eventshop/testing';

interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface DeploymentSpec {
  replicas: number;
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      securityContext?: { runAsNonRoot?: boolean };
      containers: { image: string; command: string[]; ports: { name: string }[]; readinessProbe?: Probe; livenessProbe?: Probe }[];
    };
  };
}
interface ServiceSpec {
  selector: Record<string, string>;
  ports: { targetPort: string | number }[];
}

const deployable = deployableApps();
const resources = readKubernetesResources();
const deployments = resources.filter((r) => r.kind === 'Deployment').map((r) => ({ name: r.metadata.name, spec: r.spec as unknown as DeploymentSpec }));
const services = resources.filter((r) => r.kind === 'Service').map((r) => ({ name: r.metadata.name, spec: r.spec as unknown as ServiceSpec }));
const isFake = (d: { spec: DeploymentSpec }) => d.spec.template.spec.containers[0].command.some((part) => part.includes('/fake-'));

describe('the Kubernetes manifests (deploy/k8s)', () => {
  it('deploy every deployable app, each with a Service on its named port', () => {
    const kubernetes = readKubernetes();
    expect(deployable.filter((app) => composeServicesRunning(app, kubernetes).length === 0)).toEqual([]);
    for (const deployment of deployments) {
      const service = services.find((s) => s.name === deployment.name);
      const portNames = deployment.spec.template.spec.containers[0].ports.map((p) => p.name);
      expect([deployment.name, service?.spec.selector]).toEqual([deployment.name, deployment.spec.selector.matchLabels]);
      expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
      expect([deployment.name, service?.spec.ports.every((p) => portNames.includes(String(p.targetPort)))]).toEqual([deployment.name, true]);
    }
  });

  it('run two replicas of every service and of the gateway, one of each fake provider', () => {
    expect(deployments.filter((d) => d.spec.replicas !== (isFake(d) ? 1 : 2)).map((d) => `${d.name}: ${d.spec.replicas}`)).toEqual([]);
  });

  it('probe every container for readiness and liveness on its health routes, as a non-root user', () => {
    for (const deployment of deployments) {
      const [container] = deployment.spec.template.spec.containers;
      const expected = isFake(deployment) ? ['/health', '/health'] : ['/health/ready', '/health/live'];
      expect([deployment.name, container.readinessProbe?.httpGet?.path, container.livenessProbe?.httpGet?.path]).toEqual([deployment.name, ...expected]);
      expect([deployment.name, container.readinessProbe?.httpGet?.port, container.livenessProbe?.httpGet?.port]).toEqual([deployment.name, 'http', 'http']);
      expect([deployment.name, deployment.spec.template.spec.securityContext?.runAsNonRoot]).toEqual([deployment.name, true]);
    }
  });

  it('use the one image, pinned by version in the kustomization', () => {
    expect(new Set(deployments.map((d) => d.spec.template.spec.containers[0].image))).toEqual(new Set(['eventshop']));
    expect(readKustomization().images).toEqual([{ name: 'eventshop', newName: expect.any(String), newTag: expect.stringMatching(/^v?\d+\.\d+\.\d+$/) }]);
  });
});
