// Starts the fake carrier: HOST, PORT (default 3012) and PROVIDER_NAME (default fake-carrier).
import '@eventshop/observability/register-tracing'; // first: tracing starts before the app's modules load
import { createFakeCarrier, fakeProviderConfigFromEnv, runFakeProvider } from '@eventshop/fake-provider';

const config = fakeProviderConfigFromEnv({ port: 3012, name: 'fake-carrier' });
runFakeProvider('fake-carrier', createFakeCarrier(config.name), config);
