// Starts inventory-service (configuration from the environment when run as a program).
import '@eventshop/observability/register-tracing'; // first: tracing starts before the app's modules load
import { runService, startNestService } from '@eventshop/service-runtime';
import { InventoryModule } from './app.module';
import { inventoryConfigFromEnv, type InventoryConfig } from './config';

export const startInventoryService = (config: InventoryConfig) =>
  startNestService('inventory-service', InventoryModule.forConfig(config), config, 'Products and their stock: create, restock, read.');

if (require.main === module) runService('inventory-service', () => startInventoryService(inventoryConfigFromEnv()));
