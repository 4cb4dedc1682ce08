// Where Eventshop chooses consistency and where availability (README, "Consistency choices"), shown
// with inventory-service stopped: browsing and order history still answer from the read side, saying
// how fresh they are; a new order is accepted but cannot be decided without inventory, so it waits,
// fails its reservation at the step's deadline and compensates once inventory can confirm the release;
// with inventory back, orders complete as before.
import type { QueryApi } from '@eventshop/contracts';
import { GatewayClient, settledInvariants, ShopClient, startStack, type Stack } from '@eventshop/stack';
import { waitUntil } from '@eventshop/testing';

describe('consistency where it decides, availability where it reads (inventory-service stopped)', () => {
  let stack: Stack;
  let shop: ShopClient;
  let gateway: GatewayClient;
  let customer: string;
  const stocked = [{ sku: 'MUG', stocked: 20 }];

  beforeAll(async () => {
    // Short step deadlines so the scenario fits a test; compensations keep trying long enough for inventory to return.
    stack = await startStack({ env: { order: { SAGA_STEP_DEADLINE_MS: '2000', SAGA_STEP_ATTEMPTS: '2', SAGA_COMPENSATION_ATTEMPTS: '60' } } });
    shop = new ShopClient(stack);
    gateway = new GatewayClient(stack.urls.gateway);
    const admin = await gateway.token('ops', 'admin');
    customer = await gateway.token('c-cap');
    expect((await gateway.send(admin, 'POST', '/api/v1/products', { sku: 'MUG', name: 'Mug', priceCents: 1250, quantity: 20 })).status).toBe(201);
  }, 120_000);
  afterAll(() => stack?.stop(), 60_000);

  const place = async (key: string) => {
    const { orderId } = await gateway.placeOrder(customer, `${stack.runId}-${key}`, { customerId: 'c-cap' });
    shop.track(orderId);
    return orderId;
  };
  const readOrder = (orderId: string) => gateway.read<QueryApi.OrderAnswer>(customer, `/api/v1/orders/${orderId}`);
  const ended = (orderId: string) => gateway.orderEnded(customer, orderId);

  it('reads on while inventory is down, holds a new order until it can be decided, and completes orders again once it is back', async () => {
    const before = await place('before');
    expect((await ended(before)).order.status).toBe('COMPLETED');

    await stack.processes.get('inventory')?.stop();

    // Availability: browsing and order history answer from the read side, with how fresh they are.
    const products = await gateway.read<{ products: { sku: string; available: number }[]; freshness: QueryApi.Freshness }>(customer, '/api/v1/products');
    expect(products.products).toEqual([expect.objectContaining({ sku: 'MUG', available: 19 })]);
    expect(Object.keys(products.freshness.currentTo).length).toBeGreaterThan(0);
    const history = await gateway.read<{ orders: { orderId: string; status: string }[]; freshness: QueryApi.Freshness }>(
      customer,
      '/api/v1/customers/c-cap/orders',
    );
    expect(history.orders).toEqual([expect.objectContaining({ orderId: before, status: 'COMPLETED' })]);
    expect(history.freshness.projectedAt).toEqual(expect.any(String));

    // Consistency: an order is accepted, but stock cannot be decided without inventory — it waits…
    const during = await place('during');
    await waitUntil(
      'the reservation failed at its deadline',
      async () => (await readOrder(during)).timeline.some((e) => e.kind === 'StepFailed' && e.step === 'reserveStock'),
      { timeoutMs: 30_000 },
    );
    // …and compensates, but does not end before inventory can confirm that nothing stays reserved.
    expect((await readOrder(during)).order.status).toBe('PENDING');

    await stack.restart('inventory');
    const compensated = await ended(during);
    expect(compensated.order).toMatchObject({ status: 'COMPENSATED', failureReason: expect.any(String) });
    expect(compensated.timeline.some((e) => e.kind === 'StepCompensated' && e.step === 'reserveStock')).toBe(true);

    const after = await place('after');
    expect((await ended(after)).order.status).toBe('COMPLETED');
    const results = await settledInvariants(stack, shop, stocked);
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });
});
