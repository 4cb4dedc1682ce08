// npm run demo [-- --once]: starts the whole stack (PostgreSQL and Kafka natively when none are
// given), seeds a catalogue, places orders that take each path, prints each order's saga steps as
// they happen and the invariant check, then keeps running with its URLs and a few ready-to-paste curl
// lines until Ctrl-C or SIGTERM — stopping every process it started, dropping its databases and
// deleting its topics. --once exits after the check (non-zero if any invariant fails); --built runs the
// production builds (dist/apps/<app>/main.js, from `npx nx run-many -t build`) instead of the sources.
// Services listen on the documented default ports where those are free.
import { GatewayClient, settledInvariants, ShopClient, startStack } from '@eventshop/stack';

const once = process.argv.includes('--once');
const built = process.argv.includes('--built');
const say = (line = '') => process.stdout.write(`${line}\n`);

const catalogue = [
  { sku: 'MUG', name: 'Eventshop mug', priceCents: 1250, quantity: 20 },
  { sku: 'TEE', name: 'Saga T-shirt', priceCents: 2400, quantity: 10 },
  { sku: 'RARE', name: 'Limited poster', priceCents: 5000, quantity: 1 },
];

const scenarios = [
  {
    label: 'completes',
    items: [
      { sku: 'MUG', quantity: 2 },
      { sku: 'TEE', quantity: 1 },
    ],
    token: 'tok_ok',
    country: 'DE',
  },
  { label: 'out of stock', items: [{ sku: 'RARE', quantity: 3 }], token: 'tok_ok', country: 'DE' },
  { label: 'payment declined', items: [{ sku: 'MUG', quantity: 1 }], token: 'tok_decline', country: 'DE' },
  { label: 'carrier refuses', items: [{ sku: 'TEE', quantity: 2 }], token: 'tok_ok', country: 'AQ' },
];

async function follow(shop: ShopClient, orderId: string, label: string): Promise<void> {
  let shown = 0;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const view = await shop.order(orderId);
    for (const step of view.steps.slice(shown))
      say(`  [${label}] ${step.event}${step.step !== 'saga' ? ` ${step.step}` : ''}${step.reason ? ` — ${step.reason}` : ''}`);
    shown = view.steps.length;
    if (view.status !== 'PENDING') {
      say(`  [${label}] => ${view.status}${view.failureReason ? ` (${view.failureReason})` : ''}${view.totalCents ? `, total ${view.totalCents} cents` : ''}`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`order ${orderId} did not end within 90 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Ready-to-paste requests against the running stack: through the gateway (with a demo token), and to each service. */
function curlLines(urls: Record<string, string>, token: string): string[] {
  const order = JSON.stringify({
    customerId: 'c-1',
    items: [{ sku: 'MUG', quantity: 1 }],
    payment: { token: 'tok_ok' },
    shippingAddress: { name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  });
  const auth = `-H "Authorization: Bearer $TOKEN"`;
  return [
    `export TOKEN=${token}   # demo-customer's (POST ${urls['gateway']}/api/v1/dev/token {"customerId":…})`,
    `curl -s ${auth} ${urls['gateway']}/api/v1/products`,
    `curl -s ${auth} -X POST ${urls['gateway']}/api/v1/orders -H 'content-type: application/json' -H "Idempotency-Key: $(date +%s%N)" -d '${order.replace('c-1', 'demo-customer')}'`,
    `curl -s ${auth} ${urls['gateway']}/api/v1/orders/<orderId>/details   # order, timeline, payment, shipment in one answer`,
    `curl -s ${auth} ${urls['gateway']}/api/v1/customers/demo-customer/orders`,
    `# and each service on its own:`,
    `curl -s ${urls['inventory']}/products/MUG`,
    `curl -s -X POST ${urls['order']}/orders -H 'content-type: application/json' -H "Idempotency-Key: $(date +%s%N)" -d '${order}'`,
    `curl -s ${urls['order']}/orders/<orderId>        # status and saga steps`,
    `curl -s ${urls['query']}/orders/<orderId>        # the read side: summary, timeline, freshness`,
    `curl -s ${urls['query']}/customers/c-1/orders     # a customer's orders, newest first`,
    `curl -s ${urls['query']}/products                 # the catalogue's availability`,
    `curl -s ${urls['payment']}/payments/<orderId>`,
    `curl -s ${urls['psp-primary']}/ledger`,
    `open ${urls['order']}/docs                       # the service's OpenAPI`,
  ];
}

interface ReadSideOrder {
  order: { status?: string; totalCents?: number; payment?: { status: string; refundedCents: number }; shipment?: { status: string; trackingId?: string } };
  timeline: { source: string; kind: string; step?: string; reason?: string }[];
}

/** The same orders as the read side (query-service) tells them, once it has caught up. */
async function showReadSide(queryUrl: string, orders: { orderId: string; label: string }[]): Promise<void> {
  say('The same orders from the read side (query-service, built from the facts on the events topics):');
  for (const { orderId, label } of orders) {
    let answer: ReadSideOrder | undefined;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      const response = await fetch(`${queryUrl}/orders/${orderId}`);
      answer = response.ok ? ((await response.json()) as ReadSideOrder) : undefined;
      if (answer?.order.status && answer.order.status !== 'PENDING') break;
    }
    if (!answer) throw new Error(`the read side never showed order ${orderId}`);
    const { status, payment, shipment } = answer.order;
    const money = payment ? `, payment ${payment.status}${payment.refundedCents ? ` and refunded ${payment.refundedCents}` : ''}` : '';
    const parcel = shipment ? `, shipment ${shipment.status}${shipment.trackingId ? ` ${shipment.trackingId}` : ''}` : '';
    say(`  [${label}] ${status}${money}${parcel}`);
    say(`    ${answer.timeline.map((e) => `${e.kind}${e.step ? ` ${e.step}` : ''}`).join(' → ')}`);
  }
  say();
}

async function main(): Promise<number> {
  say('Starting Eventshop: PostgreSQL, Kafka, fake PSPs and carrier, inventory, payment, shipping, order, query, the gateway…');
  const stack = await startStack({ defaultPorts: true, built });
  say(`The dashboard: ${stack.urls.gateway}/  (place orders, watch sagas, switch providers off)`);
  say(`The public API (api-gateway): ${stack.urls.gateway}/api/v1 — described at ${stack.urls.gateway}/api/docs`);
  say(`Logs: ${stack.logDir}${built ? ' (the production builds from dist/ are running)' : ''}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('\nStopping every process this demo started…');
    await stack.stop();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  const shop = new ShopClient(stack);
  try {
    for (const product of catalogue) await shop.addProduct(product.sku, product.quantity, product.priceCents, product.name);
    say(`Catalogue: ${catalogue.map((p) => `${p.sku} ×${p.quantity}`).join(', ')}\n`);
    const placed: { orderId: string; label: string }[] = [];
    for (const [i, { label, ...request }] of scenarios.entries()) {
      const orderId = await shop.place(`demo-${stack.runId}-${i}`, { ...request, customerId: 'demo-customer' });
      say(`Order ${orderId} (${label}):`);
      await follow(shop, orderId, label);
      placed.push({ orderId, label });
      say();
    }
    await showReadSide(stack.urls.query, placed);
    const results = await settledInvariants(
      stack,
      shop,
      catalogue.map((p) => ({ sku: p.sku, stocked: p.quantity })),
      {},
      10_000,
    );
    say('Invariants:');
    for (const r of results) say(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} — ${r.detail}`);
    const failed = results.filter((r) => !r.ok).length;
    if (once) {
      await stop();
      return failed ? 1 : 0;
    }
    say(`\nThe dashboard: ${stack.urls.gateway}/   — open it in a browser.`);
    say('The stack keeps running (Ctrl-C stops it):');
    for (const [name, url] of Object.entries(stack.urls)) say(`  ${name.padEnd(14)} ${url}`);
    say('\nTry it:');
    const token = await new GatewayClient(stack.urls.gateway).token('demo-customer');
    for (const line of curlLines(stack.urls, token)) say(`  ${line}`);
    await new Promise<never>(() => undefined);
    return 0;
  } catch (error) {
    await stop();
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
