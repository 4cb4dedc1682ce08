import { composeConfigReport, readKubernetes } from '@eventshop/testing';
import { shippingConfigFromEnv } from './config';

describe('the deployments run shipping-service', () => {
  const clean = { services: [expect.any(String)], unknownVariables: [], unpublishedPorts: [] };

  it('in docker-compose.yml with variables its configuration reads and accepts, on a port compose publishes', () => {
    expect(composeConfigReport('shipping-service', shippingConfigFromEnv)).toEqual(clean);
  });

  it('on Kubernetes (deploy/k8s) with variables its configuration reads and accepts, on its container port', () => {
    expect(composeConfigReport('shipping-service', shippingConfigFromEnv, readKubernetes())).toEqual(clean);
  });
});
