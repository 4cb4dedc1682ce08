// Starts a fake PSP: HOST, PORT (default 3010; the secondary runs with 3011) and PROVIDER_NAME.
import '@eventshop/observability/register-tracing'; // first: tracing starts before the app's modules load
import { createFakePsp, fakeProviderConfigFromEnv, runFakeProvider } from '@eventshop/fake-provider';

const config = fakeProviderConfigFromEnv({ port: 3010, name: 'fake-psp' });
runFakeProvider('fake-psp', createFakePsp(config.name), config);
