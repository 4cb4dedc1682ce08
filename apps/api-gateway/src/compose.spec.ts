import { composeConfigReport } from '@eventshop/testing';
import { gatewayConfigFromEnv } from './config';

describe('docker-compose.yml runs api-gateway', () => {
  it('with variables its configuration reads and accepts, on a port compose publishes', () => {
    expect(composeConfigReport('api-gateway', gatewayConfigFromEnv)).toEqual({ services: [expect.any(String)], unknownVariables: [], unpublishedPorts: [] });
  });
});
