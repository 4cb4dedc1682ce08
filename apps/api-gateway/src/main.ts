// Starts api-gateway (configuration from the environment when run as a program): the public API under
// /api/v1 (OpenAPI at /api/docs), the live WebSocket at /api/v1/live and the dashboard at /.
import '@eventshop/observability/register-tracing'; // first: tracing starts before the app's modules load
import { WsAdapter } from '@nestjs/platform-ws';
import { runService, startNestService } from '@eventshop/service-runtime';
import { serveDashboard } from './adapters/dashboard/serve-dashboard';
import { GatewayModule } from './app.module';
import { gatewayConfigFromEnv, type GatewayConfig } from './config';

export const startGateway = (config: GatewayConfig) =>
  startNestService(
    'api-gateway',
    GatewayModule.forConfig(config),
    config,
    'Eventshop’s public API: orders (commands to the order service, reads from the read side), products, a customer’s orders, saga statistics, ' +
      'an order’s details composed from three services, and live order status over WebSocket (/api/v1/live). Send `Authorization: Bearer <token>`.',
    {
      docsPath: 'api/docs',
      bearerAuth: true,
      alsoServe: async (app) => {
        app.useWebSocketAdapter(new WsAdapter(app));
        serveDashboard(app);
      },
    },
  );

if (require.main === module) runService('api-gateway', () => startGateway(gatewayConfigFromEnv()));
