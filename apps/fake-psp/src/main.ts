// Starts a fake PSP: HOST, PORT (default 3010; the secondary runs with 3011) and PROVIDER_NAME.
import '@eventshop/observability/register-tracing'; // first: tracing starts before the app's modules load
import { shutdownTracing } from '@eventshop/observability';
import { createFakePsp, fakeProviderConfigFromEnv } from '@eventshop/fake-provider';

const config = fakeProviderConfigFromEnv({ port: 3010, name: 'fake-psp' });
createFakePsp(config.name)
  .listen(config.port, config.host)
  .then(({ url, close }) => {
    console.log(JSON.stringify({ msg: 'fake-psp listening', url }));
    const stop = () =>
      void close()
        .then(shutdownTracing)
        .then(() => process.exit(0)); // the last spans exported first
    process.on('SIGTERM', stop).on('SIGINT', stop);
  });
