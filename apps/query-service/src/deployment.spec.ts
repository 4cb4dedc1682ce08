import { composeConfigReport, readKubernetes } from '@eventshop/testing';
import { queryConfigFromEnv } from './config';

describe('the deployments run query-service', () => {
  const clean = { services: [expect.any(String)], unknownVariables: [], unpublishedPorts: [] };

  it('in docker-compose.yml with variables its configuration reads and accepts, on a port compose publishes', () => {
    expect(composeConfigReport('query-service', queryConfigFromEnv)).toEqual(clean);
  });

  it('on Kubernetes (deploy/k8s) with variables its configuration reads and accepts, on its container port', () => {
    expect(composeConfigReport('query-service', queryConfigFromEnv, readKubernetes())).toEqual(clean);
  });
});
