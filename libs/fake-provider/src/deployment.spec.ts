import { deploymentConfigReport, readKubernetes } from '@eventshop/testing';
import { fakeProviderConfigFromEnv } from './fake-provider-config';

describe('the deployments run the fake providers', () => {
  const load = (env: NodeJS.ProcessEnv) => fakeProviderConfigFromEnv({ port: 0, name: 'unnamed' }, env);

  it('in docker-compose.yml and on Kubernetes with variables their configuration reads and accepts, on published ports', () => {
    for (const services of [undefined, readKubernetes()]) {
      expect(deploymentConfigReport('fake-psp', load, services)).toEqual({
        services: ['psp-primary', 'psp-secondary'],
        unknownVariables: [],
        unpublishedPorts: [],
      });
      expect(deploymentConfigReport('fake-carrier', load, services)).toEqual({ services: ['carrier'], unknownVariables: [], unpublishedPorts: [] });
    }
  });
});
