// The running stack, as real processes, driven over HTTP: an order that completes, one declined by the
// payment provider, one refused by the carrier — each ending with money and stock adding up.
import { jsonOf, sendJson, waitUntil } from '@eventshop/testing';
import { checkInvariants } from './invariants';
import { startStack, type Stack } from './stack/stack';

interface Ledger {
  charges: { orderId: string; amountCents: number }[];
  refunds: { orderId: string; amountCents: number }[];
}

describe('order paths through the whole stack', () => {
  let stack: Stack;
  const placed: string[] = [];
  beforeAll(async () => {
    stack = await startStack();
    const created = await sendJson(`${stack.urls.inventory}/products`, 'POST', { sku: 'MUG', name: 'Mug', priceCents: 1250, quantity: 10 });
    expect(created.status).toBe(201);
  }, 120_000);
  afterAll(() => stack?.stop(), 60_000);

  const address = (country = 'DE') => ({ name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country });
  const place = async (key: string, token: string, country = 'DE') => {
    const answer = await fetch(`${stack.urls.order}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ customerId: 'c-1', items: [{ sku: 'MUG', quantity: 2 }], payment: { token }, shippingAddress: address(country) }),
    });
    expect(answer.status).toBe(202);
    const { orderId } = await jsonOf<{ orderId: string }>(answer);
    placed.push(orderId);
    return orderId;
  };
  const order = (id: string) => jsonOf<{ status: string; totalCents?: number; failureReason?: string }>(fetch(`${stack.urls.order}/orders/${id}`));
  const terminal = (id: string) =>
    waitUntil(`order ${id} to end`, async () => {
      const o = await order(id);
      return ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'].includes(o.status) ? o : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200 });
  const stock = () => jsonOf<{ available: number; reserved: number; committed: number }>(fetch(`${stack.urls.inventory}/products/MUG`));
  const ledger = (psp: 'psp-primary' | 'psp-secondary') => jsonOf<Ledger>(fetch(`${stack.urls[psp]}/ledger`));

  it('completes an order: stock committed, card charged the total, shipment booked', async () => {
    const id = await place('e2e-happy', 'tok_ok');
    expect(await terminal(id)).toMatchObject({ status: 'COMPLETED', totalCents: 2500 });
    expect((await ledger('psp-primary')).charges).toEqual([expect.objectContaining({ orderId: id, amountCents: 2500 })]);
    const carrier = await jsonOf<{ bookings: { orderId: string }[] }>(fetch(`${stack.urls.carrier}/ledger`));
    expect(carrier.bookings).toEqual([{ orderId: id }]);
    expect(await stock()).toEqual(expect.objectContaining({ available: 8, reserved: 0, committed: 2 }));
  });

  it('compensates a declined payment: stock released, no money taken', async () => {
    const id = await place('e2e-declined', 'tok_decline');
    expect(await terminal(id)).toMatchObject({ status: 'COMPENSATED', failureReason: 'declined: card declined' });
    await waitUntil('the stock released', async () => (await stock()).reserved === 0);
    expect(await stock()).toEqual(expect.objectContaining({ available: 8, committed: 2 }));
    expect((await ledger('psp-primary')).charges.filter((c) => c.orderId === id)).toEqual([]);
  });

  it('compensates a shipment the carrier refuses: payment refunded, stock released', async () => {
    const id = await place('e2e-aq', 'tok_ok', 'AQ');
    expect(await terminal(id)).toMatchObject({ status: 'COMPENSATED', failureReason: 'we do not ship to AQ' });
    const money = await ledger('psp-primary');
    expect(money.charges.filter((c) => c.orderId === id).map((c) => c.amountCents)).toEqual([2500]);
    expect(money.refunds.filter((r) => r.orderId === id).map((r) => r.amountCents)).toEqual([2500]);
    await waitUntil('the stock released', async () => (await stock()).reserved === 0);
    const s = await stock();
    expect(s.available + s.reserved + s.committed).toBe(10); // stock conserved
  });

  it('ends with every invariant holding', async () => {
    const results = await waitUntil('the invariants', async () => {
      const checked = await checkInvariants(stack, placed, [{ sku: 'MUG', stocked: 10 }]);
      return checked.every((r) => r.ok) ? checked : undefined;
    }, { timeoutMs: 15_000, intervalMs: 500 }).catch(async () => checkInvariants(stack, placed, [{ sku: 'MUG', stocked: 10 }]));
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });
});
