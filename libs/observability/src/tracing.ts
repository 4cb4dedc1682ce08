// The OpenTelemetry SDK for one process: spans exported over OTLP/HTTP (to Jaeger in docker-compose,
// to a test's receiver in the trace test), the W3C trace-context propagator, and the instrumentations
// for what Eventshop does not trace itself: HTTP requests served (node:http) and made (fetch, through
// undici). Health and metrics requests are left out: they are noise in every trace view.
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { onTracingShutdown } from './trace-context';

const quietPaths = ['/health', '/metrics'];

/**
 * Starts tracing for the process; the exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and OTEL_BSP_* for
 * batching). What it still buffers when the process stops is exported by `shutdownTracing()`.
 */
export function startTracing(serviceName: string): void {
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => quietPaths.some((p) => request.url?.startsWith(p)) }),
      new UndiciInstrumentation(),
    ],
  });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  onTracingShutdown(() => provider.shutdown());
}
