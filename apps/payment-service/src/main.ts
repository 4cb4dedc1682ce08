// Starts payment-service (configuration from the environment when run as a program).
import '@eventshop/observability/register-tracing'; // first: tracing starts before the app's modules load
import { runService, startNestService } from '@eventshop/service-runtime';
import { PaymentModule } from './app.module';
import { paymentConfigFromEnv, type PaymentConfig } from './config';

export const startPaymentService = (config: PaymentConfig) =>
  startNestService('payment-service', PaymentModule.forConfig(config), config, "An order's payment: its state and history.");

if (require.main === module) runService('payment-service', () => startPaymentService(paymentConfigFromEnv()));
