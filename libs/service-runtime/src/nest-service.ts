// Starting a NestJS service the same way everywhere: problem+json errors, shutdown hooks (SIGTERM
// stops consumers and the relay cleanly), listening where the configuration says.
import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@eventshop/observability';
import { ProblemDetailsFilter } from './problem-details.filter';
import type { ServiceBaseConfig } from './service-base-config';
import { setUpOpenApi } from './zod-openapi';

export interface NestServiceOptions {
  /** What else the service serves before it listens (e.g. a gRPC server, a WebSocket adapter). */
  alsoServe?: (app: INestApplication) => Promise<void>;
  /** Where the OpenAPI description is served (default 'docs'). */
  docsPath?: string;
  /** Whether the API asks for a bearer token (documented as such). */
  bearerAuth?: boolean;
}

export async function startNestService(
  name: string,
  module: DynamicModule,
  config: Pick<ServiceBaseConfig, 'port' | 'host' | 'logLevel'>,
  about = '',
  options: NestServiceOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(module, { logger: ['error', 'warn'] });
  app.useGlobalFilters(new ProblemDetailsFilter(createLogger(name, config.logLevel)));
  setUpOpenApi(app, { title: name, description: about, path: options.docsPath, bearerAuth: options.bearerAuth });
  app.enableShutdownHooks();
  await options.alsoServe?.(app);
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
