// Imported first by every app's main.ts, before anything else loads: when OTEL_EXPORTER_OTLP_ENDPOINT
// is set, tracing starts here, so that the HTTP instrumentation is in place before the app's modules
// load. The service is named by OTEL_SERVICE_NAME, else by the app it runs (apps/<app>/… or
// dist/apps/<app>/main.js). Without the variable, nothing starts and tracing calls stay no-ops.
import { startTracing } from './tracing';

function serviceName(): string {
  const fromPath = /apps[\\/]([^\\/]+)[\\/]/.exec(process.argv[1] ?? '')?.[1];
  return process.env['OTEL_SERVICE_NAME'] ?? fromPath ?? 'eventshop';
}

if (process.env['OTEL_EXPORTER_OTLP_ENDPOINT']) startTracing(serviceName());
