// Traces across the hops Eventshop makes itself — writing to the outbox, the relay publishing, a
// consumer handling, a work-queue worker calling out — by the OpenTelemetry API alone: without a
// registered SDK (tests, or tracing off) every call here is a cheap no-op. A message carries its trace
// as a W3C `traceparent` (an envelope header, stored with the outbox row until it is published).
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';

export { SpanKind, type Span };

const tracer = () => trace.getTracer('eventshop');

/** What exports the spans still buffered and stops the SDK, once tracing has started (tracing.ts). */
let stopTracing: (() => Promise<void>) | undefined;

/** Called by the SDK's start: how to export what it still buffers when the process stops. */
export function onTracingShutdown(stop: () => Promise<void>): void {
  stopTracing = stop;
}

/**
 * Exports the spans still buffered and stops tracing; a no-op when tracing is off. A process calls it
 * last as it stops: the SDK sends spans in batches every few seconds, so a process that exits without
 * it loses its last spans — those of the very messages and requests it finished while stopping.
 */
export async function shutdownTracing(): Promise<void> {
  const stop = stopTracing;
  stopTracing = undefined;
  await stop?.();
}

/** The environment that turns tracing on and names the service (register-tracing.ts), besides the SDK's own OTEL_BSP_*. */
export const tracingVariables = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SERVICE_NAME'] as const;

/** The traceparent of a context (the active one by default), when tracing runs. */
export function traceparentOf(of: Context | Span = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject('spanContext' in of ? trace.setSpan(context.active(), of) : of, carrier);
  return carrier['traceparent'];
}

/** The context a traceparent names (the active one when there is none). */
export function contextOf(traceparent: string | undefined): Context {
  return traceparent ? propagation.extract(context.active(), { traceparent }) : context.active();
}

export interface SpanOptions {
  kind?: SpanKind;
  /** The traceparent the span continues; the active context's span when absent. */
  parent?: string;
  attributes?: Attributes;
}

/** Starts a span the caller ends (`endSpan`), e.g. one per message of a batch, closed together. */
export function startSpan(name: string, options: SpanOptions = {}): Span {
  return tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, contextOf(options.parent));
}

/** Ends a span, recording a failure when there was one. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  }
  span.end();
}

/** Runs `work` inside a new span, as the active context (so what it writes or calls continues the trace). */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const span = startSpan(name, options);
  try {
    const result = await context.with(trace.setSpan(contextOf(options.parent), span), () => work(span));
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}

/** Runs `work` with a span as the active context (it stays open: the caller ends it). */
export function withSpan<T>(span: Span, work: () => T): T {
  return context.with(trace.setSpan(context.active(), span), work);
}

/** The trace id of the active span, for log lines (undefined when tracing is off). */
export function currentTraceId(): string | undefined {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}
