import { composeConfigReport } from '@eventshop/testing';
import { queryConfigFromEnv } from './config';

describe('docker-compose.yml runs query-service', () => {
  it('with variables its configuration reads and accepts, on a port compose publishes', () => {
    expect(composeConfigReport('query-service', queryConfigFromEnv)).toEqual({ services: [expect.any(String)], unknownVariables: [], unpublishedPorts: [] });
  });
});
