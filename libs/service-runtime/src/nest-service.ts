// Starting a NestJS service the same way everywhere: problem+json errors, a clean stop on SIGTERM or
// SIGINT (consumers leave their group, the relay hands over, the last spans are exported), listening
// where the configuration says.
import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, shutdownTracing, withLogContext } from '@eventshop/observability';
import { ProblemDetailsFilter } from './problem-details.filter';
import { applyRequestLimits, BODY_LIMIT_BYTES } from './request-limits';
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
  // Nest's own body parser is off: applyRequestLimits sets one with an explicit limit.
  const app = await NestFactory.create(module, { logger: ['error', 'warn'], bodyParser: false });
  app.use(requestLogContext);
  applyRequestLimits(app);
  app.useGlobalFilters(new ProblemDetailsFilter(createLogger(name, config.logLevel)));
  const limits = `Request bodies are JSON of at most ${BODY_LIMIT_BYTES / 1024} KB (413 beyond; 415 for an encoding or charset other than UTF-8); a NUL character in the path, the query or a body string is refused (400). Field limits are in each schema.`;
  setUpOpenApi(app, { title: name, description: `${about}\n\n${limits}`, path: options.docsPath, bearerAuth: options.bearerAuth });
  closeOnSignals(app);
  await options.alsoServe?.(app);
  await app.listen(config.port, config.host);
  return app;
}

/**
 * SIGTERM or SIGINT closes the app (Nest's shutdown hooks: consumers, relay, workers stop), then exports
 * the spans still buffered, then lets the signal end the process. Nest's own enableShutdownHooks would
 * end it right after the hooks, before the tracing SDK's next export.
 */
function closeOnSignals(app: INestApplication): void {
  const signals = ['SIGTERM', 'SIGINT'] as const;
  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    if (closing) return; // a second signal while closing changes nothing
    closing = true;
    app
      .close()
      .then(shutdownTracing)
      .then(
        () => {
          for (const s of signals) process.removeListener(s, close);
          process.kill(process.pid, signal);
        },
        (error) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  for (const s of signals) process.on(s, close);
}

/**
 * Every log line of an HTTP request carries its correlation id: the caller's X-Correlation-Id, else the
 * order the path names (/orders/:id…, /payments/:id, /shipments/:id). The trace id comes from the span.
 */
function requestLogContext(request: { headers: Record<string, string | string[] | undefined>; url?: string }, _response: unknown, next: () => void): void {
  const header = request.headers['x-correlation-id'];
  const fromPath = /\/(?:orders|payments|shipments|sagas)\/([^/?]+)/.exec(request.url ?? '')?.[1];
  const correlationId = (Array.isArray(header) ? header[0] : header) ?? fromPath;
  withLogContext(correlationId ? { correlationId } : {}, next);
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
