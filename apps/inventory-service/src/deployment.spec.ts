import { composeConfigReport, readKubernetes } from '@eventshop/testing';
import { inventoryConfigFromEnv } from './config';

describe('the deployments run inventory-service', () => {
  const clean = { services: [expect.any(String)], unknownVariables: [], unpublishedPorts: [] };

  it('in docker-compose.yml with variables its configuration reads and accepts, on a port compose publishes', () => {
    expect(composeConfigReport('inventory-service', inventoryConfigFromEnv)).toEqual(clean);
  });

  it('on Kubernetes (deploy/k8s) with variables its configuration reads and accepts, on its container port', () => {
    expect(composeConfigReport('inventory-service', inventoryConfigFromEnv, readKubernetes())).toEqual(clean);
  });
});
