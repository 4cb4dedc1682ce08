// The body of a fake provider's main.ts (the twin of service-runtime's runService for the Nest apps):
// listen where the configuration says, say where, and on SIGTERM or SIGINT close, export the last
// spans, then exit.
import { shutdownTracing } from '@eventshop/observability';
import type { FakeProviderConfig } from './fake-provider-config';
import type { JsonServer } from './json-server';

export function runFakeProvider(app: string, server: JsonServer, config: FakeProviderConfig): void {
  server.listen(config.port, config.host).then(({ url, close }) => {
    console.log(JSON.stringify({ msg: `${app} listening`, url }));
    const stop = () =>
      void close()
        .then(shutdownTracing)
        .then(() => process.exit(0));
    process.on('SIGTERM', stop).on('SIGINT', stop);
  });
}
