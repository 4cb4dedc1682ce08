// Starts inventory-service: configuration from the environment, problem+json errors, clean shutdown.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ProblemDetailsFilter } from '@eventshop/service-runtime';
import pino from 'pino';
import { InventoryModule } from './app.module';
import { inventoryConfigFromEnv, type InventoryConfig } from './config';

export async function startInventoryService(config: InventoryConfig) {
  const app = await NestFactory.create(InventoryModule.create(config), { logger: ['error', 'warn'] });
  app.useGlobalFilters(new ProblemDetailsFilter(pino({ name: 'inventory-service', level: config.logLevel })));
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  return app;
}

if (require.main === module) {
  const config = inventoryConfigFromEnv();
  startInventoryService(config).then(
    (app) => app.getUrl().then((url) => console.log(JSON.stringify({ msg: 'inventory-service listening', url }))),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
