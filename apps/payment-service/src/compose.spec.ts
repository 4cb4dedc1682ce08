import { composeConfigReport } from '@eventshop/testing';
import { paymentConfigFromEnv } from './config';

describe('docker-compose.yml runs payment-service', () => {
  it('with variables its configuration reads and accepts, on a port compose publishes', () => {
    expect(composeConfigReport('payment-service', paymentConfigFromEnv)).toEqual({
      services: [expect.any(String)],
      unknownVariables: [],
      unpublishedPorts: [],
    });
  });
});
