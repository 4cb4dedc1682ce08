// The running stack, as real processes, driven over HTTP: an order that completes, one for more than
// is in stock, one declined by the payment provider, one refused by the carrier — each ending with
// money and stock adding up.
import { waitUntil } from '@eventshop/testing';
import { settledInvariants, ShopClient, startStack, type Stack } from '@eventshop/stack';

describe('order paths through the whole stack', () => {
  let stack: Stack;
  let shop: ShopClient;
  const stocked = [{ sku: 'MUG', stocked: 10 }];
  beforeAll(async () => {
    stack = await startStack();
    shop = new ShopClient(stack);
    await shop.addProduct('MUG', 10, 1250);
  }, 120_000);
  afterAll(() => stack?.stop(), 60_000);

  const twoMugs = [{ sku: 'MUG', quantity: 2 }];
  const released = () => waitUntil('the stock released', async () => (await shop.stock('MUG')).reserved === 0);

  it('completes an order: stock committed, card charged the total, shipment booked', async () => {
    const id = await shop.place('e2e-happy', { items: twoMugs });
    expect(await shop.ended(id)).toMatchObject({ status: 'COMPLETED', totalCents: 2500 });
    expect((await shop.ledger('psp-primary')).charges).toEqual([expect.objectContaining({ orderId: id, amountCents: 2500 })]);
    expect((await shop.carrierLedger()).bookings).toEqual([{ orderId: id }]);
    expect(await shop.stock('MUG')).toEqual(expect.objectContaining({ available: 8, reserved: 0, committed: 2 }));
  });

  it('compensates an order for more than is in stock: nothing reserved, nothing charged', async () => {
    const id = await shop.place('e2e-out-of-stock', { items: [{ sku: 'MUG', quantity: 50 }] });
    expect(await shop.ended(id)).toMatchObject({ status: 'COMPENSATED', failureReason: expect.stringContaining('MUG') });
    expect(await shop.charges(id)).toEqual([0, 0]);
    expect(await shop.stock('MUG')).toEqual(expect.objectContaining({ available: 8, reserved: 0, committed: 2 }));
  });

  it('compensates a declined payment: stock released, no money taken', async () => {
    const id = await shop.place('e2e-declined', { items: twoMugs, token: 'tok_decline' });
    expect(await shop.ended(id)).toMatchObject({ status: 'COMPENSATED', failureReason: 'declined: card declined' });
    await released();
    expect(await shop.stock('MUG')).toEqual(expect.objectContaining({ available: 8, committed: 2 }));
    expect(await shop.charges(id)).toEqual([0, 0]);
  });

  it('compensates a shipment the carrier refuses: payment refunded, stock released', async () => {
    const id = await shop.place('e2e-aq', { items: twoMugs, country: 'AQ' });
    expect(await shop.ended(id)).toMatchObject({ status: 'COMPENSATED', failureReason: 'we do not ship to AQ' });
    const money = await shop.ledger('psp-primary');
    expect(money.charges.filter((c) => c.orderId === id).map((c) => c.amountCents)).toEqual([2500]);
    expect(money.refunds.filter((r) => r.orderId === id).map((r) => r.amountCents)).toEqual([2500]);
    await released();
    expect(await shop.stock('MUG')).toEqual(expect.objectContaining({ available: 8, committed: 2 }));
  });

  it('reads an order from the read side right after placing it, with the consistency token: never a 404', async () => {
    const { orderId, consistencyToken } = await shop.placeForReading('e2e-read-your-writes', { items: [{ sku: 'MUG', quantity: 1 }] });
    const read = await fetch(`${stack.urls.query}/orders/${orderId}?consistencyToken=${encodeURIComponent(consistencyToken)}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ order: { orderId, customerId: 'c-1' } });
    await shop.ended(orderId);
  });

  it('ends with every invariant holding', async () => {
    const results = await settledInvariants(stack, shop, stocked);
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });
});
