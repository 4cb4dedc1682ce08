import { composeConfigReport } from '@eventshop/testing';
import { shippingConfigFromEnv } from './config';

describe('docker-compose.yml runs shipping-service', () => {
  it('with variables its configuration reads and accepts, on a port compose publishes', () => {
    expect(composeConfigReport('shipping-service', shippingConfigFromEnv)).toEqual({
      services: [expect.any(String)],
      unknownVariables: [],
      unpublishedPorts: [],
    });
  });
});
