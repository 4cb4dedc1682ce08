import { composeConfigReport, readKubernetes } from '@eventshop/testing';
import { orderConfigFromEnv } from './config';

describe('the deployments run order-service', () => {
  const clean = { services: [expect.any(String)], unknownVariables: [], unpublishedPorts: [] };

  it('in docker-compose.yml with variables its configuration reads and accepts, on a port compose publishes', () => {
    expect(composeConfigReport('order-service', orderConfigFromEnv)).toEqual(clean);
  });

  it('on Kubernetes (deploy/k8s) with variables its configuration reads and accepts, on its container port', () => {
    expect(composeConfigReport('order-service', orderConfigFromEnv, readKubernetes())).toEqual(clean);
  });
});
