// Starts shipping-service (configuration from the environment when run as a program).
import '@eventshop/observability/register-tracing'; // first: tracing starts before the app's modules load
import { runService, startNestService } from '@eventshop/service-runtime';
import { ShippingModule } from './app.module';
import { shippingConfigFromEnv, type ShippingConfig } from './config';

export const startShippingService = (config: ShippingConfig) =>
  startNestService('shipping-service', ShippingModule.forConfig(config), config, "An order's shipment: its state and history.");

if (require.main === module) runService('shipping-service', () => startShippingService(shippingConfigFromEnv()));
