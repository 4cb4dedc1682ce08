// Starting a NestJS service the same way everywhere: problem+json errors, shutdown hooks (SIGTERM
// stops consumers and the relay cleanly), listening where the configuration says.
import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@eventshop/observability';
import { ProblemDetailsFilter } from './problem-details.filter';
import type { ServiceBaseConfig } from './service-base-config';
import { setUpOpenApi } from './zod-openapi';

export async function startNestService(
  name: string,
  module: DynamicModule,
  config: ServiceBaseConfig,
  about = '',
  /** What else the service serves before it listens (e.g. a gRPC server). */
  alsoServe?: (app: INestApplication) => Promise<void>,
): Promise<INestApplication> {
  const app = await NestFactory.create(module, { logger: ['error', 'warn'] });
  app.useGlobalFilters(new ProblemDetailsFilter(createLogger(name, config.logLevel)));
  setUpOpenApi(app, { title: name, description: about });
  app.enableShutdownHooks();
  await alsoServe?.(app);
  await app.listen(config.port, config.host);
  return app;
}

/** The body of a service's main.ts when run as a program: start, say where, or exit non-zero. */
export function runService(name: string, start: () => Promise<INestApplication>): void {
  start().then(
    (app) => app.getUrl().then((url) => console.log(JSON.stringify({ msg: `${name} listening`, url }))),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
