import { composeConfigReport } from '@eventshop/testing';
import { orderConfigFromEnv } from './config';

describe('docker-compose.yml runs order-service', () => {
  it('with variables its configuration reads and accepts, on a port compose publishes', () => {
    expect(composeConfigReport('order-service', orderConfigFromEnv)).toEqual({ services: [expect.any(String)], unknownVariables: [], unpublishedPorts: [] });
  });
});
