// npm run demo [-- --once]: starts the whole stack (PostgreSQL and Kafka natively when none are
// given), seeds a catalogue, places orders that take each path, prints each order's saga steps as
// they happen and the invariant check, then keeps running with its URLs printed until Ctrl-C —
// stopping every process it started. --once exits after the check (non-zero if any invariant fails).
import { checkInvariants } from './invariants';
import { startStack, type Stack } from './stack/stack';

const once = process.argv.includes('--once');
const say = (line = '') => process.stdout.write(`${line}\n`);

const catalogue = [
  { sku: 'MUG', name: 'Eventshop mug', priceCents: 1250, quantity: 20 },
  { sku: 'TEE', name: 'Saga T-shirt', priceCents: 2400, quantity: 10 },
  { sku: 'RARE', name: 'Limited poster', priceCents: 5000, quantity: 1 },
];

const scenarios = [
  { label: 'completes', items: [{ sku: 'MUG', quantity: 2 }, { sku: 'TEE', quantity: 1 }], token: 'tok_ok', country: 'DE' },
  { label: 'out of stock', items: [{ sku: 'RARE', quantity: 3 }], token: 'tok_ok', country: 'DE' },
  { label: 'payment declined', items: [{ sku: 'MUG', quantity: 1 }], token: 'tok_decline', country: 'DE' },
  { label: 'carrier refuses', items: [{ sku: 'TEE', quantity: 2 }], token: 'tok_ok', country: 'AQ' },
];

async function placeOrder(stack: Stack, scenario: (typeof scenarios)[number], key: string): Promise<string> {
  const answer = await fetch(`${stack.urls.order}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({
      customerId: 'demo-customer',
      items: scenario.items,
      payment: { token: scenario.token },
      shippingAddress: { name: 'Ada Lovelace', line1: '12 Analytical St', city: 'London', postalCode: 'N1 9GU', country: scenario.country },
    }),
  });
  if (answer.status !== 202) throw new Error(`POST /orders answered ${answer.status}: ${await answer.text()}`);
  return ((await answer.json()) as { orderId: string }).orderId;
}

async function follow(stack: Stack, orderId: string, label: string): Promise<void> {
  let shown = 0;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const view = (await (await fetch(`${stack.urls.order}/orders/${orderId}`)).json()) as {
      status: string;
      failureReason?: string;
      totalCents?: number;
      steps: { step: string; event: string; attempt?: number; reason?: string }[];
    };
    for (const step of view.steps.slice(shown)) say(`  [${label}] ${step.event}${step.step !== 'saga' ? ` ${step.step}` : ''}${step.reason ? ` — ${step.reason}` : ''}`);
    shown = view.steps.length;
    if (view.status !== 'PENDING') {
      say(`  [${label}] => ${view.status}${view.failureReason ? ` (${view.failureReason})` : ''}${view.totalCents ? `, total ${view.totalCents} cents` : ''}`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`order ${orderId} did not end within 90 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<number> {
  say('Starting Eventshop: PostgreSQL, Kafka, fake PSPs and carrier, inventory, payment, shipping, order…');
  const stack = await startStack();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('\nStopping every process this demo started…');
    await stack.stop();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  try {
    for (const product of catalogue) {
      const created = await fetch(`${stack.urls.inventory}/products`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(product) });
      if (created.status !== 201) throw new Error(`seeding ${product.sku}: ${created.status}`);
    }
    say(`Catalogue: ${catalogue.map((p) => `${p.sku} ×${p.quantity}`).join(', ')}\n`);
    const orders: string[] = [];
    for (const [i, scenario] of scenarios.entries()) {
      const orderId = await placeOrder(stack, scenario, `demo-${stack.runId}-${i}`);
      orders.push(orderId);
      say(`Order ${orderId} (${scenario.label}):`);
      await follow(stack, orderId, scenario.label);
      say();
    }
    let results = await checkInvariants(stack, orders, catalogue.map((p) => ({ sku: p.sku, stocked: p.quantity })));
    for (let i = 0; i < 20 && results.some((r) => !r.ok); i++) {
      await new Promise((r) => setTimeout(r, 500)); // facts still leaving the outboxes
      results = await checkInvariants(stack, orders, catalogue.map((p) => ({ sku: p.sku, stocked: p.quantity })));
    }
    say('Invariants:');
    for (const r of results) say(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} — ${r.detail}`);
    const failed = results.filter((r) => !r.ok).length;
    if (once) {
      await stop();
      return failed ? 1 : 0;
    }
    say('\nThe stack keeps running (Ctrl-C stops it):');
    for (const [name, url] of Object.entries(stack.urls)) say(`  ${name.padEnd(14)} ${url}`);
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
