import { composeConfigReport, readKubernetes } from '@eventshop/testing';
import { gatewayConfigFromEnv } from './config';

describe('the deployments run api-gateway', () => {
  const clean = { services: [expect.any(String)], unknownVariables: [], unpublishedPorts: [] };

  it('in docker-compose.yml with variables its configuration reads and accepts, on a port compose publishes', () => {
    expect(composeConfigReport('api-gateway', gatewayConfigFromEnv)).toEqual(clean);
  });

  it('on Kubernetes (deploy/k8s) with variables its configuration reads and accepts, on its container port', () => {
    expect(composeConfigReport('api-gateway', gatewayConfigFromEnv, readKubernetes())).toEqual(clean);
  });
});
