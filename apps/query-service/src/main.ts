// Starts query-service (configuration from the environment when run as a program). Its database is
// created on first start, like every service's.
import '@eventshop/observability/register-tracing'; // first: tracing starts before the app's modules load
import { ensureDatabase, runService, startNestService } from '@eventshop/service-runtime';
import { serveQueryGrpc } from './adapters/grpc/query-grpc-server';
import { QueryModule } from './app.module';
import { queryConfigFromEnv, type QueryConfig } from './config';

export async function startQueryService(config: QueryConfig) {
  await ensureDatabase(config.database);
  return startNestService(
    'query-service',
    QueryModule.forConfig(config),
    config,
    "Read models built from every service's facts: orders with their timelines. The same reads over gRPC (query.proto) for the gateway.",
    { alsoServe: (app) => serveQueryGrpc(app, { host: config.host, port: config.grpcPort }) },
  );
}

if (require.main === module) runService('query-service', () => startQueryService(queryConfigFromEnv()));
