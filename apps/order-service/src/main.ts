// Starts order-service (configuration from the environment when run as a program).
import '@eventshop/observability/register-tracing'; // first: tracing starts before the app's modules load
import { runService, startNestService } from '@eventshop/service-runtime';
import { OrderModule } from './app.module';
import { orderConfigFromEnv, type OrderConfig } from './config';

export const startOrderService = (config: OrderConfig) =>
  startNestService(
    'order-service',
    OrderModule.forConfig(config),
    config,
    "Orders: place one (idempotent by Idempotency-Key), read it with its saga's steps, cancel it; resume a parked saga.",
  );

if (require.main === module) runService('order-service', () => startOrderService(orderConfigFromEnv()));
