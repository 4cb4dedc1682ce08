// What the stack tells about itself, from a running stack.
// Traces: every process exports its spans over OTLP/HTTP to a receiver in this test; an order placed
// through the gateway with a traceparent the test chose must be one trace covering every service
// (gateway, order, inventory, payment, shipping, query, the PSP, the carrier) and every hop — HTTP in,
// outbox write, relay publish, Kafka consume, the work queue's call to the provider. The trace is
// printed as text (service, span, duration) and written to the run's log directory. A service being
// stopped exports the spans it still holds before it exits.
// Metrics: each service's /metrics holds the saga, outbox, lag, dead-letter and breaker figures the
// Grafana dashboard (docs/grafana/eventshop.json) reads, with the orders this test placed counted.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { GatewayClient, orderBody, repoRoot, ShopClient, startProcess, startStack, type Stack } from '@eventshop/stack';
import { freePort, waitUntil } from '@eventshop/testing';

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startNs: bigint;
  endNs: bigint;
}

/** OTLP/JSON ids are hex; some encoders send base64. */
const hexId = (id: string | undefined) =>
  id === undefined || id === '' ? undefined : /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: {
      spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; startTimeUnixNano: string; endTimeUnixNano: string }[];
    }[];
  }[];
}

/** A minimal OTLP/HTTP (JSON) receiver: POST /v1/traces, every span kept. */
async function otlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as OtlpExport;
      for (const resourceSpans of body.resourceSpans ?? []) {
        const service = resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? 'unknown';
        for (const scope of resourceSpans.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            spans.push({
              service,
              traceId: hexId(span.traceId) ?? '',
              spanId: hexId(span.spanId) ?? '',
              parentSpanId: hexId(span.parentSpanId),
              name: span.name,
              kind: span.kind,
              startNs: BigInt(span.startTimeUnixNano),
              endNs: BigInt(span.endTimeUnixNano),
            });
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, spans, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The trace as an indented tree: service, span, duration — children under their parent, by start. */
function traceAsText(spans: ReceivedSpan[]): string {
  const byParent = new Map<string | undefined, ReceivedSpan[]>();
  const ids = new Set(spans.map((s) => s.spanId));
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    byParent.set(parent, [...(byParent.get(parent) ?? []), span]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    for (const span of (byParent.get(parent) ?? []).sort((a, b) => (a.startNs < b.startNs ? -1 : 1))) {
      const ms = Number(span.endNs - span.startNs) / 1e6;
      lines.push(`${'  '.repeat(depth)}${span.service.padEnd(18)} ${span.name.padEnd(Math.max(10, 60 - 2 * depth))} ${ms.toFixed(1).padStart(8)} ms`);
      walk(span.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join('\n');
}

/** The spans whose parent is not in the set (one: the trace's root, whose parent is the test's traceparent). */
function rootsOf(spans: ReceivedSpan[]): ReceivedSpan[] {
  const ids = new Set(spans.map((s) => s.spanId));
  return spans.filter((s) => s.parentSpanId === undefined || !ids.has(s.parentSpanId));
}

const SERVER = 2;
const CLIENT = 3;

describe('observability of the running stack', () => {
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let stack: Stack;
  let shop: ShopClient;
  let gateway: GatewayClient;

  beforeAll(async () => {
    receiver = await otlpReceiver();
    // Spans leave each process every 200 ms (instead of 5 s), so the test waits little.
    stack = await startStack({ sharedEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' } });
    shop = new ShopClient(stack);
    gateway = new GatewayClient(stack.urls.gateway);
    await shop.addProduct('MUG', 10);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  }, 60_000);

  it('follows an order placed through the gateway to its end in one trace', async () => {
    const traceId = randomBytes(16).toString('hex');
    const token = await gateway.token('c-traced');
    const placed = await gateway.send(token, 'POST', '/api/v1/orders', orderBody({ customerId: 'c-traced' }), {
      'idempotency-key': `${stack.runId}-traced`,
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    });
    expect(placed.status).toBe(202);
    const { orderId } = (await placed.json()) as { orderId: string };
    shop.track(orderId);
    expect((await gateway.orderEnded(token, orderId, 30_000)).order.status).toBe('COMPLETED');

    const services = [
      'api-gateway',
      'order-service',
      'inventory-service',
      'payment-service',
      'shipping-service',
      'query-service',
      'psp-primary',
      'fake-carrier',
    ];
    const ofTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
    await waitUntil(
      'spans of every service and hop in the trace',
      () => {
        const spans = ofTrace();
        const seen = new Set(spans.map((s) => s.service));
        // Every process exports on its own schedule: wait until each span's parent has arrived too.
        return (
          services.every((s) => seen.has(s)) && spans.some((s) => s.service === 'query-service' && s.name.startsWith('process')) && rootsOf(spans).length === 1
        );
      },
      { timeoutMs: 20_000 },
    );
    const spans = ofTrace();
    const text = traceAsText(spans);
    writeFileSync(path.join(stack.logDir, `trace-${orderId}.txt`), `${text}\n`);
    console.log(`one order's trace (${spans.length} spans):\n${text}`);

    const has = (service: string, predicate: (s: ReceivedSpan) => boolean) => spans.some((s) => s.service === service && predicate(s));
    // HTTP in: the gateway served the POST, the order service the request the gateway made.
    expect(has('api-gateway', (s) => s.kind === SERVER)).toBe(true);
    expect(has('api-gateway', (s) => s.kind === CLIENT)).toBe(true);
    expect(has('order-service', (s) => s.kind === SERVER)).toBe(true);
    // The outbox, the relay and the consumers, in every service that takes part.
    for (const service of ['order-service', 'inventory-service', 'payment-service', 'shipping-service']) {
      expect([service, has(service, (s) => s.name.startsWith('outbox write'))]).toEqual([service, true]);
      expect([service, has(service, (s) => s.name.startsWith('publish'))]).toEqual([service, true]);
      expect([service, has(service, (s) => s.name.startsWith('process'))]).toEqual([service, true]);
    }
    // The calls to the outside: made as the command is prepared (a work item makes it when that did not
    // settle it), its HTTP call, the provider serving it.
    const callsOut = (s: (typeof spans)[number]) => /^(prepare|work) /.test(s.name) && spans.some((c) => c.parentSpanId === s.spanId && c.kind === CLIENT);
    expect(has('payment-service', callsOut)).toBe(true);
    expect(has('shipping-service', callsOut)).toBe(true);
    expect(has('psp-primary', (s) => s.kind === SERVER)).toBe(true);
    expect(has('fake-carrier', (s) => s.kind === SERVER)).toBe(true);
    // One tree: every span has its parent in the trace but the gateway's, whose parent is the test's traceparent.
    expect(rootsOf(spans).map((s) => [s.service, s.kind])).toEqual([['api-gateway', SERVER]]);
  });

  it('exports the spans a service still holds when it is stopped (SIGTERM)', async () => {
    // A gateway of its own whose SDK would wait ten minutes before sending: its spans can only arrive
    // through the export it makes as it stops.
    const name = 'api-gateway-stopping';
    const gatewayAlone = await startProcess({
      name,
      app: 'api-gateway',
      port: await freePort(),
      healthPath: '/health/live',
      logDir: stack.logDir,
      env: { DEV_TOKENS: 'on', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: name, OTEL_BSP_SCHEDULE_DELAY: '600000' },
    });
    const ofIt = () => receiver.spans.filter((s) => s.service === name);
    try {
      const asked = await fetch(`${gatewayAlone.url}/api/v1/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customerId: 'c-stopping', role: 'customer' }),
      });
      expect(asked.status).toBe(201);
      expect(ofIt()).toEqual([]); // held by the SDK while the process runs
    } finally {
      await gatewayAlone.stop();
    }
    expect(gatewayAlone.running()).toBe(false);
    expect(ofIt().filter((s) => s.kind === SERVER).length).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("serves the figures the Grafana dashboard reads, with this test's orders counted", async () => {
    const declined = await shop.place(`${stack.runId}-declined`, { token: 'tok_decline' });
    expect((await shop.ended(declined)).status).toBe('COMPENSATED');
    const scrape = async (service: 'order' | 'inventory' | 'payment' | 'shipping' | 'query') => (await fetch(`${stack.urls[service]}/metrics`)).text();
    const value = (text: string, series: string) =>
      Number(new RegExp(`^${series.replace(/[{}"=.,]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);

    await waitUntil(
      'both sagas counted',
      async () => value(await scrape('order'), 'eventshop_saga_duration_seconds_count{saga="order",outcome="compensated"}') >= 1,
    );
    const order = await scrape('order');
    expect(value(order, 'eventshop_saga_duration_seconds_count{saga="order",outcome="completed"}')).toBeGreaterThanOrEqual(1);
    expect(value(order, 'eventshop_saga_steps_total{saga="order",step="processPayment",outcome="failed"}')).toBeGreaterThanOrEqual(1);
    expect(value(order, 'eventshop_saga_steps_total{saga="order",step="reserveStock",outcome="compensated"}')).toBeGreaterThanOrEqual(1);

    const scraped = Object.fromEntries(
      await Promise.all((['order', 'inventory', 'payment', 'shipping', 'query'] as const).map(async (service) => [service, await scrape(service)] as const)),
    );
    for (const service of ['order', 'inventory', 'payment', 'shipping'] as const) {
      expect([service, value(scraped[service], 'eventshop_outbox_pending_messages')]).toEqual([service, expect.any(Number)]);
      expect([service, scraped[service]]).toEqual([service, expect.stringMatching(/^eventshop_consumer_lag_messages\{consumer="[^"]+"\} \d+$/m)]);
      expect([service, scraped[service]]).toEqual([service, expect.stringMatching(/^eventshop_dlq_messages\{topic="[^"]+\.dlq"\} \d+$/m)]);
    }
    expect(scraped.payment).toMatch(/^eventshop_breaker_state\{breaker="psp:psp-primary"\} 0$/m);
    expect(scraped.shipping).toMatch(/^eventshop_breaker_state\{breaker="carrier"\} 0$/m);
    expect(scraped.query).toMatch(/^eventshop_projection_lag_messages\{projection="orders"\} \d+$/m);

    // Every series the dashboard asks for is served by some service.
    const dashboard = JSON.parse(readFileSync(path.join(repoRoot, 'docs', 'grafana', 'eventshop.json'), 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
    };
    const asked = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/eventshop_[a-z_]+/g) ?? [])));
    const served = Object.values(scraped).join('\n');
    expect([...asked].filter((name) => !new RegExp(`^${name}[{ ]`, 'm').test(served))).toEqual([]);
  });
});
