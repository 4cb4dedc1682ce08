import { composeConfigReport } from '@eventshop/testing';
import { fakeProviderConfigFromEnv } from './fake-provider-config';

describe('docker-compose.yml runs the fake providers', () => {
  it('with variables their configuration reads and accepts, on ports compose publishes', () => {
    const load = (env: NodeJS.ProcessEnv) => fakeProviderConfigFromEnv({ port: 0, name: 'unnamed' }, env);
    expect(composeConfigReport('fake-psp', load)).toEqual({ services: ['psp-primary', 'psp-secondary'], unknownVariables: [], unpublishedPorts: [] });
    expect(composeConfigReport('fake-carrier', load)).toEqual({ services: ['carrier'], unknownVariables: [], unpublishedPorts: [] });
  });
});
