// Starts order-service (configuration from the environment when run as a program).
import { runService, startNestService } from '@eventshop/service-runtime';
import { OrderModule } from './app.module';
import { orderConfigFromEnv, type OrderConfig } from './config';

export const startOrderService = (config: OrderConfig) => startNestService('order-service', OrderModule.create(config), config);

if (require.main === module) runService('order-service', () => startOrderService(orderConfigFromEnv()));
