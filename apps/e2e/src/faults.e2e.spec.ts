// The stack under faults: a provider down, the same order twice, a service killed with SIGKILL in the
// middle of a step, and a hundred orders racing for the last twenty units — each ending with the
// invariants holding.
import { jsonOf, sendJson, waitUntil } from '@eventshop/testing';
import { checkInvariants } from './invariants';
import { startStack, type Stack } from './stack/stack';

describe('the stack under faults', () => {
  let stack: Stack;
  const placed: string[] = [];
  const stocked = [
    { sku: 'MUG', stocked: 50 },
    { sku: 'LAST', stocked: 20 },
  ];
  beforeAll(async () => {
    // A short charge deadline so that "both providers down past the deadline" fits in a test.
    stack = await startStack({ env: { payment: { CHARGE_DEADLINE_MS: '4000' } } });
    for (const { sku, stocked: quantity } of stocked) {
      expect((await sendJson(`${stack.urls.inventory}/products`, 'POST', { sku, name: sku, priceCents: 1000, quantity })).status).toBe(201);
    }
  }, 120_000);
  afterAll(() => stack?.stop(), 60_000);
  beforeEach(() => Promise.all((['psp-primary', 'psp-secondary', 'carrier'] as const).map((p) => fetch(`${stack.urls[p]}/admin/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }))));

  const place = async (key: string, sku = 'MUG', quantity = 1) => {
    const answer = await fetch(`${stack.urls.order}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({
        customerId: 'c-1',
        items: [{ sku, quantity }],
        payment: { token: 'tok_ok' },
        shippingAddress: { name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      }),
    });
    expect(answer.status).toBe(202);
    const { orderId } = await jsonOf<{ orderId: string }>(answer);
    if (!placed.includes(orderId)) placed.push(orderId);
    return orderId;
  };
  const order = (id: string) => jsonOf<{ status: string; steps: { step: string; event: string }[] }>(fetch(`${stack.urls.order}/orders/${id}`));
  const ended = (id: string, timeoutMs = 90_000) =>
    waitUntil(`order ${id} to end`, async () => {
      const o = await order(id);
      return o.status === 'COMPLETED' || o.status === 'COMPENSATED' ? o.status : undefined;
    }, { timeoutMs, intervalMs: 250 });
  const charges = async (id: string) => {
    const ledgers = await Promise.all([jsonOf<{ charges: { orderId: string }[] }>(fetch(`${stack.urls['psp-primary']}/ledger`)), jsonOf<{ charges: { orderId: string }[] }>(fetch(`${stack.urls['psp-secondary']}/ledger`))]);
    return ledgers.map((l) => l.charges.filter((c) => c.orderId === id).length);
  };

  it('charges with the secondary provider while the primary is down', async () => {
    await sendJson(`${stack.urls['psp-primary']}/admin/faults`, 'PUT', { errorRate: 1 });
    const id = await place('fault-primary-down');
    expect(await ended(id)).toBe('COMPLETED');
    expect(await charges(id)).toEqual([0, 1]);
  });

  it('gives one order, charged once, for the same key sent twice', async () => {
    const [a, b] = await Promise.all([place('fault-same-key'), place('fault-same-key')]);
    expect(a).toBe(b);
    expect(await ended(a)).toBe('COMPLETED');
    expect((await charges(a)).reduce((x, y) => x + y, 0)).toBe(1);
  });

  // Before the both-providers-down tests, whose failures leave the breakers open for a while.
  it('sells the last 20 units to exactly 20 of 100 concurrent orders', async () => {
    const ids = await Promise.all(Array.from({ length: 100 }, (_, i) => place(`fault-race-${i}`, 'LAST', 1)));
    const outcomes = await Promise.all(ids.map((id) => ended(id, 120_000)));
    expect(outcomes.filter((o) => o === 'COMPLETED')).toHaveLength(20);
    expect(outcomes.filter((o) => o === 'COMPENSATED')).toHaveLength(80);
  }, 150_000);

  it('survives kill -9 of the order service in the middle of the saga', async () => {
    await sendJson(`${stack.urls['psp-primary']}/admin/faults`, 'PUT', { latencyMs: 1_500 }); // keep the saga in T3 a while
    const id = await place('fault-kill-order');
    await waitUntil('payment under way', async () => (await order(id)).steps.some((s) => s.event === 'StepStarted' && s.step === 'processPayment'));
    stack.processes.get('order')?.kill();
    await stack.restart('order');
    expect(await ended(id)).toBe('COMPLETED');
    expect((await charges(id)).reduce((x, y) => x + y, 0)).toBe(1);
  });

  it('survives kill -9 of the payment service while it calls the provider, and charges once', async () => {
    await sendJson(`${stack.urls['psp-primary']}/admin/faults`, 'PUT', { latencyMs: 1_500 });
    const id = await place('fault-kill-payment');
    await waitUntil('payment under way', async () => (await order(id)).steps.some((s) => s.event === 'StepStarted' && s.step === 'processPayment'));
    await new Promise((r) => setTimeout(r, 500)); // the charge call is in flight
    stack.processes.get('payment')?.kill();
    await stack.restart('payment');
    expect(await ended(id, 120_000)).toBe('COMPLETED');
    expect((await charges(id)).reduce((x, y) => x + y, 0)).toBe(1);
  }, 150_000);

  it('keeps a payment PENDING while both providers are down and completes when one recovers in time', async () => {
    await sendJson(`${stack.urls['psp-primary']}/admin/faults`, 'PUT', { errorRate: 1 });
    await sendJson(`${stack.urls['psp-secondary']}/admin/faults`, 'PUT', { errorRate: 1 });
    const id = await place('fault-both-down-recover');
    await waitUntil('payment under way', async () => (await order(id)).steps.some((s) => s.event === 'StepStarted' && s.step === 'processPayment'));
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await order(id)).status).toBe('PENDING');
    await sendJson(`${stack.urls['psp-secondary']}/admin/faults`, 'PUT', {});
    expect(await ended(id)).toBe('COMPLETED');
    expect(await charges(id)).toEqual([0, 1]);
  });

  it('compensates when both providers stay down past the charge deadline', async () => {
    await sendJson(`${stack.urls['psp-primary']}/admin/faults`, 'PUT', { errorRate: 1 });
    await sendJson(`${stack.urls['psp-secondary']}/admin/faults`, 'PUT', { errorRate: 1 });
    const id = await place('fault-both-down-deadline');
    expect(await ended(id)).toBe('COMPENSATED');
    expect(await charges(id)).toEqual([0, 0]);
  });

  it('lets the customer cancel while the payment is in flight: the late charge is refunded', async () => {
    await sendJson(`${stack.urls['psp-primary']}/admin/faults`, 'PUT', { latencyMs: 1_500 });
    const id = await place('fault-customer-cancel');
    await waitUntil('payment under way', async () => (await order(id)).steps.some((s) => s.event === 'StepStarted' && s.step === 'processPayment'));
    expect((await sendJson(`${stack.urls.order}/orders/${id}/cancel`, 'POST')).status).toBe(202);
    expect(await ended(id)).toBe('COMPENSATED');
    expect((await sendJson(`${stack.urls.order}/orders/${id}/cancel`, 'POST')).status).toBe(409);
    // Money adds up (a charge that landed after the cancel was refunded): checked by the invariants.
  });

  it('ends with every invariant holding', async () => {
    const check = () => checkInvariants(stack, placed, stocked);
    const results = await waitUntil('the invariants', async () => ((await check()).every((r) => r.ok) ? check() : undefined), { timeoutMs: 20_000, intervalMs: 500 }).catch(check);
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });
});
