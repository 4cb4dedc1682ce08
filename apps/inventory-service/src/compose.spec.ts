import { composeConfigReport } from '@eventshop/testing';
import { inventoryConfigFromEnv } from './config';

describe('docker-compose.yml runs inventory-service', () => {
  it('with variables its configuration reads and accepts, on a port compose publishes', () => {
    expect(composeConfigReport('inventory-service', inventoryConfigFromEnv)).toEqual({
      services: [expect.any(String)],
      unknownVariables: [],
      unpublishedPorts: [],
    });
  });
});
