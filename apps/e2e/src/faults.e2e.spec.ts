// The stack when the outside world misbehaves: a provider down, both down, the same order sent twice,
// a hundred orders racing for the last twenty units, a customer cancelling mid-payment — each ending
// with the invariants holding.
import { sendJson, sleep } from '@eventshop/testing';
import { settledInvariants, ShopClient, startStack, type Stack } from '@eventshop/stack';

describe('the stack under faults', () => {
  let stack: Stack;
  let shop: ShopClient;
  const stocked = [
    { sku: 'MUG', stocked: 50 },
    { sku: 'LAST', stocked: 20 },
  ];
  beforeAll(async () => {
    // A short charge deadline so that "both providers down past the deadline" fits in a test.
    stack = await startStack({ env: { payment: { CHARGE_DEADLINE_MS: '4000' } } });
    shop = new ShopClient(stack);
    for (const { sku, stocked: quantity } of stocked) await shop.addProduct(sku, quantity);
  }, 120_000);
  afterAll(() => stack?.stop(), 60_000);
  beforeEach(() => shop.clearFaults());

  it('charges with the secondary provider while the primary is down', async () => {
    await shop.setFaults('psp-primary', { errorRate: 1 });
    const id = await shop.place('fault-primary-down');
    expect((await shop.ended(id)).status).toBe('COMPLETED');
    expect(await shop.charges(id)).toEqual([0, 1]);
  });

  it('gives one order, charged once, for the same key sent twice', async () => {
    const [a, b] = await Promise.all([shop.place('fault-same-key'), shop.place('fault-same-key')]);
    expect(a).toBe(b);
    expect((await shop.ended(a)).status).toBe('COMPLETED');
    expect((await shop.charges(a)).reduce((x, y) => x + y, 0)).toBe(1);
  });

  // Before the both-providers-down tests, whose failures leave the breakers open for a while.
  it('sells the last 20 units to exactly 20 of 100 concurrent orders', async () => {
    const ids = await Promise.all(Array.from({ length: 100 }, (_, i) => shop.place(`fault-race-${i}`, { items: [{ sku: 'LAST', quantity: 1 }] })));
    const outcomes = await Promise.all(ids.map(async (id) => (await shop.ended(id, 120_000)).status));
    expect(outcomes.filter((o) => o === 'COMPLETED')).toHaveLength(20);
    expect(outcomes.filter((o) => o === 'COMPENSATED')).toHaveLength(80);
  }, 150_000);

  it('keeps a payment PENDING while both providers are down and completes when one recovers in time', async () => {
    await shop.setFaults('psp-primary', { errorRate: 1 });
    await shop.setFaults('psp-secondary', { errorRate: 1 });
    const id = await shop.place('fault-both-down-recover');
    await shop.stepReached(id, 'processPayment');
    await sleep(1_000);
    expect((await shop.order(id)).status).toBe('PENDING');
    await shop.setFaults('psp-secondary', {});
    expect((await shop.ended(id)).status).toBe('COMPLETED');
    expect(await shop.charges(id)).toEqual([0, 1]);
  });

  it('compensates when both providers stay down past the charge deadline', async () => {
    await shop.setFaults('psp-primary', { errorRate: 1 });
    await shop.setFaults('psp-secondary', { errorRate: 1 });
    const id = await shop.place('fault-both-down-deadline');
    expect((await shop.ended(id)).status).toBe('COMPENSATED');
    expect(await shop.charges(id)).toEqual([0, 0]);
  });

  it('lets the customer cancel while the payment is in flight: the late charge is refunded', async () => {
    await shop.setFaults('psp-primary', { latencyMs: 1_500 });
    const id = await shop.place('fault-customer-cancel');
    await shop.stepReached(id, 'processPayment');
    expect((await sendJson(`${stack.urls.order}/orders/${id}/cancel`, 'POST')).status).toBe(202);
    expect((await shop.ended(id)).status).toBe('COMPENSATED');
    expect((await sendJson(`${stack.urls.order}/orders/${id}/cancel`, 'POST')).status).toBe(409);
    // Money adds up (a charge that landed after the cancel was refunded): checked by the invariants.
  });

  it('ends with every invariant holding', async () => {
    const results = await settledInvariants(stack, shop, stocked, { terminalWithinMs: 30_000 });
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });
});
