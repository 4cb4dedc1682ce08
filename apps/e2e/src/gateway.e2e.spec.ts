// The public front, through the running stack: routing (commands over HTTP, reads over gRPC), access
// tokens (a customer reaches only their own orders; another's is a 404), rate limits (429 with
// Retry-After and RateLimit-*), an order's details composed from three services with their fallbacks
// while services are down, a service that is down answering 503 with Retry-After at once, and live
// order status over WebSocket.
import type { QueryApi } from '@eventshop/contracts';
import { GatewayClient, settledInvariants, ShopClient, startStack, type Stack } from '@eventshop/stack';
import { jsonOf, waitUntil } from '@eventshop/testing';
import WebSocket from 'ws';

describe('the API gateway', () => {
  let stack: Stack;
  let shop: ShopClient;
  let gateway: GatewayClient;
  let ada: string;
  let bob: string;
  let admin: string;
  const stocked = [{ sku: 'MUG', stocked: 50 }];

  beforeAll(async () => {
    stack = await startStack();
    shop = new ShopClient(stack);
    gateway = new GatewayClient(stack.urls.gateway);
    [ada, bob, admin] = await Promise.all([gateway.token('c-ada'), gateway.token('c-bob'), gateway.token('ops', 'admin')]);
    const created = await gateway.send(admin, 'POST', '/api/v1/products', { sku: 'MUG', name: 'Mug', priceCents: 1250, quantity: 50 });
    expect(created.status).toBe(201);
  }, 120_000);
  afterAll(() => stack?.stop(), 60_000);

  const place = async (token: string, key: string, customerId: string) => {
    const accepted = await gateway.placeOrder(token, `${stack.runId}-${key}`, { customerId });
    shop.track(accepted.orderId);
    return accepted;
  };
  const completed = async (token: string, orderId: string) => {
    const view = await gateway.orderEnded(token, orderId, 20_000);
    expect(view.order.status).toBe('COMPLETED');
    return view;
  };

  describe('routing and access', () => {
    it('asks for a token (401), and refuses product writes to a customer (403)', async () => {
      const anonymous = await gateway.send(undefined, 'GET', '/api/v1/products');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
      expect((await gateway.send('not-a-token', 'GET', '/api/v1/products')).status).toBe(401);
      expect((await gateway.send(ada, 'POST', '/api/v1/products/MUG/restock', { quantity: 1 })).status).toBe(403);
    });

    it('places an order with the order service and reads it from the read side (gRPC) with its freshness', async () => {
      const { orderId, consistencyToken } = await place(ada, 'routing-1', 'c-ada');
      const now = await gateway.read<QueryApi.OrderAnswer>(ada, `/api/v1/orders/${orderId}?consistencyToken=${encodeURIComponent(consistencyToken)}`);
      expect(now.order).toMatchObject({ orderId, customerId: 'c-ada' }); // read-your-writes: no 404 right after the 202
      const view = await completed(ada, orderId);
      expect(view.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['OrderPlaced', 'OrderCompleted']));
      expect(Object.keys(view.freshness.currentTo).length).toBeGreaterThan(0);
      const mine = await gateway.read<{ orders: { orderId: string }[] }>(ada, '/api/v1/customers/c-ada/orders');
      expect(mine.orders.map((o) => o.orderId)).toContain(orderId);
      expect((await gateway.read<{ products: { sku: string }[] }>(ada, '/api/v1/products')).products.map((p) => p.sku)).toContain('MUG');
      expect((await gateway.read<{ byStatus: Record<string, number> }>(ada, '/api/v1/stats')).byStatus['COMPLETED']).toBeGreaterThanOrEqual(1);
    });

    it("answers another customer's order exactly like an order that does not exist (404), and lets an admin see it", async () => {
      const { orderId } = await place(ada, 'access-1', 'c-ada');
      await completed(ada, orderId);
      const others = await gateway.send(bob, 'GET', `/api/v1/orders/${orderId}`);
      const missing = await gateway.send(bob, 'GET', '/api/v1/orders/no-such-order');
      expect([others.status, missing.status]).toEqual([404, 404]);
      const [otherBody, missingBody] = await Promise.all([jsonOf(others), jsonOf(missing)]);
      expect(Object.keys(otherBody).sort()).toEqual(Object.keys(missingBody).sort());
      expect(JSON.stringify(otherBody)).not.toContain('c-ada');
      expect((await gateway.send(bob, 'GET', `/api/v1/orders/${orderId}/details`)).status).toBe(404);
      expect((await gateway.send(bob, 'POST', `/api/v1/orders/${orderId}/cancel`)).status).toBe(404);
      expect((await gateway.send(bob, 'GET', '/api/v1/customers/c-ada/orders')).status).toBe(404);
      expect((await gateway.send(admin, 'GET', `/api/v1/orders/${orderId}`)).status).toBe(200);
    });

    it('refuses an order for someone else (403 naming customerId) and bad input (400 naming the field), before any service sees it', async () => {
      const forBob = await gateway.send(
        ada,
        'POST',
        '/api/v1/orders',
        { customerId: 'c-bob', items: [{ sku: 'MUG', quantity: 1 }] },
        { 'idempotency-key': 'k' },
      );
      expect(forBob.status).toBe(400); // the body is incomplete: validation comes first
      const body = { customerId: 'c-bob', items: [{ sku: 'MUG', quantity: 1 }], payment: { token: 'tok_ok' } };
      const address = { name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
      const refused = await gateway.send(ada, 'POST', '/api/v1/orders', { ...body, shippingAddress: address }, { 'idempotency-key': 'k-bob' });
      expect(refused.status).toBe(403);
      expect((await jsonOf<{ errors: { field: string }[] }>(refused)).errors.map((e) => e.field)).toEqual(['customerId']);
      const invalid = await gateway.send(
        ada,
        'POST',
        '/api/v1/orders',
        { ...body, customerId: 'c-ada', items: [{ sku: 'MUG', quantity: 0 }], shippingAddress: address },
        { 'idempotency-key': 'k-0' },
      );
      expect(invalid.status).toBe(400);
      expect((await jsonOf<{ errors: { field: string }[] }>(invalid)).errors.map((e) => e.field)).toEqual(['items.0.quantity']);
    });

    it('describes the public API at /api/docs', async () => {
      const doc = await jsonOf<{ paths: Record<string, unknown> }>(fetch(`${stack.urls.gateway}/api/docs-json`));
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/orders', '/api/v1/orders/{orderId}/details', '/api/v1/dev/token']));
    });
  });

  describe('rate limits', () => {
    it('refuses a client over its bucket with 429, Retry-After and RateLimit-* headers, and lets it in again once refilled', async () => {
      const eager = await gateway.token('c-eager');
      // Waves of 60 at once until one is refused: the bucket refills at 20/s, so a single wave served
      // slower than that (a busy 2-core machine) could all get through without ever emptying it.
      const answers: Awaited<ReturnType<typeof gateway.send>>[] = [];
      while (!answers.some((a) => a.status === 429) && answers.length < 600) {
        answers.push(...(await Promise.all(Array.from({ length: 60 }, () => gateway.send(eager, 'GET', '/api/v1/products')))));
      }
      const refused = answers.filter((a) => a.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(60); // the whole burst got through
      const first = refused[0];
      expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(first.headers.get('ratelimit-limit')).toBe('60');
      expect(first.headers.get('ratelimit-remaining')).toBe('0');
      expect(await jsonOf(first)).toMatchObject({ status: 429, title: 'Too many requests' });
      await new Promise((r) => setTimeout(r, Number(first.headers.get('retry-after')) * 1_000));
      const again = await gateway.send(eager, 'GET', '/api/v1/products');
      expect(again.status).toBe(200);
      expect(Number(again.headers.get('ratelimit-remaining'))).toBeGreaterThanOrEqual(0);
      expect((await gateway.send(ada, 'GET', '/api/v1/products')).status).toBe(200); // other clients were never limited
    });
  });

  describe('live order status over WebSocket', () => {
    const connect = (token: string) => {
      const socket = new WebSocket(`${stack.urls.gateway.replace('http', 'ws')}/api/v1/live?token=${token}`);
      const messages: { event: string; data: Record<string, unknown> }[] = [];
      socket.on('message', (raw) => messages.push(JSON.parse(String(raw))));
      const opened = new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
      return { socket, messages, opened };
    };

    it('streams one order from its first change to COMPLETED, and all of one’s orders from now on', async () => {
      const mine = connect(ada);
      await mine.opened;
      mine.socket.send(JSON.stringify({ event: 'subscribe', data: { mine: true } }));
      await waitUntil('subscribed to mine', async () => mine.messages.some((m) => m.event === 'subscribed'));
      const { orderId } = await place(ada, 'live-1', 'c-ada');
      const one = connect(ada);
      await one.opened;
      one.socket.send(JSON.stringify({ event: 'subscribe', data: { orderId } }));
      const changesOf = (messages: typeof one.messages) => messages.filter((m) => m.event === 'order-change' && m.data['orderId'] === orderId);
      await waitUntil('COMPLETED streamed', async () => changesOf(one.messages).some((m) => m.data['status'] === 'COMPLETED'));
      const kinds = (messages: typeof one.messages) => changesOf(messages).map((m) => (m.data['entry'] as { kind?: string } | undefined)?.kind);
      expect(kinds(one.messages)[0]).toBe('OrderPlaced'); // from its first change, though subscribed after it happened
      expect(kinds(one.messages)).toContain('OrderCompleted');
      await waitUntil('the same order on "mine"', async () => kinds(mine.messages).includes('OrderCompleted'));
      expect(mine.messages.filter((m) => m.event === 'order-change').every((m) => m.data['customerId'] === 'c-ada')).toBe(true);
      one.socket.close();
      mine.socket.close();
    });

    it("refuses another customer's order like a missing one, and a bad token by closing (4401)", async () => {
      const { orderId } = await place(ada, 'live-2', 'c-ada');
      const live = connect(bob);
      await live.opened;
      live.socket.send(JSON.stringify({ event: 'subscribe', data: { orderId } }));
      await waitUntil('refused', async () => live.messages.some((m) => m.event === 'error'));
      expect(live.messages.find((m) => m.event === 'error')?.data).toMatchObject({ status: 404 });
      live.socket.close();
      const forged = connect('forged');
      const closed = new Promise<number>((resolve) => forged.socket.once('close', (code) => resolve(code)));
      expect(await closed).toBe(4401);
    });
  });

  describe('when services are down', () => {
    it("composes an order's details from three services, then falls back part by part: cached (stale, with its age), default, or a clear 503", async () => {
      const { orderId } = await place(ada, 'details-1', 'c-ada');
      await completed(ada, orderId);
      await waitUntil(
        'shipment booked',
        async () =>
          (await gateway.read<{ shipment: { value: { status: string } | null } }>(ada, `/api/v1/orders/${orderId}/details`)).shipment.value?.status ===
          'booked',
      );
      const live = await gateway.read<Record<string, { source: string }>>(ada, `/api/v1/orders/${orderId}/details`);
      expect([live['order'].source, live['payment'].source, live['shipment'].source]).toEqual(['live', 'live', 'live']);
      const { orderId: uncached } = await place(ada, 'details-2', 'c-ada');
      await completed(ada, uncached);

      await stack.processes.get('shipping')?.stop();
      await stack.processes.get('payment')?.stop();
      const degraded = await gateway.read<Record<string, { source: string; stale?: boolean; ageMs?: number; value: unknown }>>(
        ada,
        `/api/v1/orders/${orderId}/details`,
      );
      expect(degraded['order'].source).toBe('live');
      expect(degraded['payment']).toMatchObject({ source: 'cache', stale: true, ageMs: expect.any(Number) });
      expect(degraded['shipment']).toMatchObject({ source: 'cache', stale: true, value: { status: 'booked' } });
      const defaulted = await gateway.read<Record<string, { source: string; value: unknown }>>(ada, `/api/v1/orders/${uncached}/details`);
      expect(defaulted['shipment']).toMatchObject({ source: 'default', value: { status: 'unknown', eta: 'unknown' } });
      expect(defaulted['payment']).toMatchObject({ source: 'default', value: { status: 'unknown' } });

      await stack.processes.get('query')?.stop();
      const orderCached = await gateway.read<Record<string, { source: string }>>(ada, `/api/v1/orders/${orderId}/details`);
      expect(orderCached['order'].source).toBe('cache');
      const { orderId: neverRead } = await place(ada, 'details-3', 'c-ada');
      const started = Date.now();
      const critical = await gateway.send(ada, 'GET', `/api/v1/orders/${neverRead}/details`);
      expect(critical.status).toBe(503);
      expect(Number(critical.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(6_000);
      await Promise.all([stack.restart('query'), stack.restart('payment'), stack.restart('shipping')]);
      await completed(ada, neverRead);
    });

    it('answers 503 with Retry-After at once when the order service is down, and routes again once it is back', async () => {
      await stack.processes.get('order')?.stop();
      const started = Date.now();
      const down = await gateway.send(ada, 'POST', '/api/v1/orders', { customerId: 'c-ada' }, { 'idempotency-key': 'down-1' });
      expect(down.status).toBe(400); // validated at the gateway first: no upstream needed to refuse bad input
      const answer = await gateway.send(
        ada,
        'POST',
        '/api/v1/orders',
        {
          customerId: 'c-ada',
          items: [{ sku: 'MUG', quantity: 1 }],
          payment: { token: 'tok_ok' },
          shippingAddress: { name: 'A', line1: 'B', city: 'C', postalCode: '1', country: 'DE' },
        },
        { 'idempotency-key': `${stack.runId}-down-2` },
      );
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('2');
      expect((await jsonOf(answer))['detail']).toContain('order-service');
      expect(Date.now() - started).toBeLessThan(3_000);
      await stack.restart('order');
      const { orderId } = await place(ada, 'after-restart', 'c-ada');
      await completed(ada, orderId);
    });
  });

  it('ends with every saga ended and stock and money conserved', async () => {
    const results = await settledInvariants(stack, shop, stocked);
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });
});
