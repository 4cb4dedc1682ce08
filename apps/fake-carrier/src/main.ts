// Starts the fake carrier: HOST, PORT (default 3012) and PROVIDER_NAME (default fake-carrier).
import '@eventshop/observability/register-tracing'; // first: tracing starts before the app's modules load
import { shutdownTracing } from '@eventshop/observability';
import { createFakeCarrier, fakeProviderConfigFromEnv } from '@eventshop/fake-provider';

const config = fakeProviderConfigFromEnv({ port: 3012, name: 'fake-carrier' });
createFakeCarrier(config.name)
  .listen(config.port, config.host)
  .then(({ url, close }) => {
    console.log(JSON.stringify({ msg: 'fake-carrier listening', url }));
    const stop = () =>
      void close()
        .then(shutdownTracing)
        .then(() => process.exit(0)); // the last spans exported first
    process.on('SIGTERM', stop).on('SIGINT', stop);
  });
