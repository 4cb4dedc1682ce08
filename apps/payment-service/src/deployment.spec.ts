import { composeConfigReport, readKubernetes } from '@eventshop/testing';
import { paymentConfigFromEnv } from './config';

describe('the deployments run payment-service', () => {
  const clean = { services: [expect.any(String)], unknownVariables: [], unpublishedPorts: [] };

  it('in docker-compose.yml with variables its configuration reads and accepts, on a port compose publishes', () => {
    expect(composeConfigReport('payment-service', paymentConfigFromEnv)).toEqual(clean);
  });

  it('on Kubernetes (deploy/k8s) with variables its configuration reads and accepts, on its container port', () => {
    expect(composeConfigReport('payment-service', paymentConfigFromEnv, readKubernetes())).toEqual(clean);
  });
});
