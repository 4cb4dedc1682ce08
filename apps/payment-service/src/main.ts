// Starts payment-service: configuration from the environment, problem+json errors, clean shutdown.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ProblemDetailsFilter } from '@eventshop/service-runtime';
import pino from 'pino';
import { PaymentModule } from './app.module';
import { paymentConfigFromEnv, type PaymentConfig } from './config';

export async function startPaymentService(config: PaymentConfig) {
  const app = await NestFactory.create(PaymentModule.create(config), { logger: ['error', 'warn'] });
  app.useGlobalFilters(new ProblemDetailsFilter(pino({ name: 'payment-service', level: config.logLevel })));
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  return app;
}

if (require.main === module) {
  startPaymentService(paymentConfigFromEnv()).then(
    (app) => app.getUrl().then((url) => console.log(JSON.stringify({ msg: 'payment-service listening', url }))),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
