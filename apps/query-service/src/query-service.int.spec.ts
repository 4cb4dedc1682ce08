// query-service in-process against the real PostgreSQL and Kafka: facts published on the three topics
// — out of order across topics, some twice, one malformed — end as the right order views, each answer
// saying how fresh it is; the malformed one is dead-lettered and the partition keeps flowing.
import {
  consistencyTokenOf,
  dlqTopicOf,
  envelopeOf,
  Facts,
  GrpcCode,
  problemOfGrpcError,
  QueryApi,
  type Envelope,
  type MessageDefinition,
} from '@eventshop/contracts';
import { headersOf } from '@eventshop/messaging';
import { freePort, jsonOf, sendRaw, serviceTestBed, sleep, testKafka, waitUntil, type ServiceTestBed, type TopicRecorder } from '@eventshop/testing';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { OrderAnswer } from './application/get-order.query';
import { PostgresOrderChangeFeed } from './adapters/typeorm/order-change-feed';
import { OrderChangesRetention } from './adapters/typeorm/order-changes-retention';
import { defaultOrderChangesRetentionMs, defaultQueryTopics, type QueryTopics } from './config';
import { startQueryService } from './main';
import { queryGrpcClient, type QueryGrpcClient } from './test-support/query-grpc-client';

describe('query-service (PostgreSQL + Kafka)', () => {
  let bed: ServiceTestBed<QueryTopics>;
  let app: INestApplication;
  let url: string;
  let dlq: TopicRecorder;
  let grpc: QueryGrpcClient;

  beforeAll(async () => {
    bed = await serviceTestBed('query_service', defaultQueryTopics);
    const grpcPort = await freePort();
    app = await startQueryService({
      ...bed.base,
      topics: bed.topics,
      readYourWritesTimeoutMs: 1_500,
      grpcPort,
      invariants: { settleMs: 0, ordersJudged: 1_000 },
    });
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    grpc = queryGrpcClient(`127.0.0.1:${grpcPort}`);
    dlq = await bed.record(dlqTopicOf(bed.topics.paymentEvents));
  });
  afterAll(async () => {
    grpc?.close();
    await app?.close();
    await bed?.cleanup();
  });

  const address = { name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
  const fact = <D extends MessageDefinition>(definition: D, data: z.input<D['schema']>) =>
    envelopeOf(definition, data, { correlationId: (data as { orderId?: string; sku?: string }).orderId ?? `product-${(data as { sku: string }).sku}` });
  type SagaProgress = z.input<typeof Facts.OrderSagaProgressed.schema>['progress'][number];
  /** One saga transition's fact (v2): its saga events together. */
  const transition = (orderId: string, ...progress: SagaProgress[]) => fact(Facts.OrderSagaProgressed, { orderId, progress });
  /** A saga event as v1 published it, one per fact: still on the topic from before v2, and read as a transition of one. */
  const v1Progress = (orderId: string, progress: SagaProgress): Envelope => ({
    ...transition(orderId, progress),
    schemaVersion: 1,
    data: { orderId, ...progress },
  });
  const publish = (topic: string, ...envelopes: Envelope[]) =>
    sendRaw(
      topic,
      envelopes.map((e) => ({ key: e.correlationId, value: JSON.stringify(e.data), headers: headersOf(e) })),
    );
  const view = (orderId: string) => fetch(`${url}/orders/${orderId}`);
  const settled = async (orderId: string, done: (answer: OrderAnswer) => boolean) => {
    let answer: OrderAnswer | undefined;
    await waitUntil(`order ${orderId} projected`, async () => {
      const response = await view(orderId);
      answer = response.status === 200 ? await jsonOf<OrderAnswer>(response) : undefined;
      return answer !== undefined && done(answer);
    });
    return answer!;
  };

  const completedOrder = (orderId: string) => ({
    order: [
      fact(Facts.OrderPlaced, { orderId, customerId: 'c-1', lines: [{ sku: 'MUG', quantity: 2 }], shippingAddress: address }),
      v1Progress(orderId, { sequence: 1, kind: 'SagaStarted' }),
      v1Progress(orderId, { sequence: 2, kind: 'StepStarted', step: 'reserveStock', attempt: 1 }),
      transition(
        orderId,
        { sequence: 3, kind: 'StepSucceeded', step: 'reserveStock' },
        { sequence: 4, kind: 'StepStarted', step: 'processPayment', attempt: 1 },
      ),
      fact(Facts.OrderPriced, { orderId, lines: [{ sku: 'MUG', quantity: 2, unitPriceCents: 1250 }], totalCents: 2500 }),
      transition(orderId, { sequence: 5, kind: 'StepSucceeded', step: 'processPayment' }, { sequence: 6, kind: 'SagaCompleted' }),
      fact(Facts.OrderCompleted, { orderId, totalCents: 2500 }),
    ],
    payment: [fact(Facts.PaymentCharged, { orderId, amountCents: 2500, provider: 'psp-primary', providerReference: 'ch_1' })],
    shipping: [fact(Facts.ShipmentBooked, { orderId, trackingId: 'trk_1', address })],
  });

  it('is live and ready (PostgreSQL and Kafka answer), and describes its API at /docs-json', async () => {
    expect(await jsonOf(fetch(`${url}/health/ready`))).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, kafka: { status: 'up' } } });
    const doc = await jsonOf<{ paths: Record<string, unknown> }>(fetch(`${url}/docs-json`));
    expect(Object.keys(doc.paths)).toContain('/orders/{orderId}');
  });

  it("builds a completed order's summary and timeline from facts read in any order across topics", async () => {
    const facts = completedOrder('q-completed-1');
    // The shipment and the payment arrive before the order was even placed.
    await publish(bed.topics.shippingEvents, ...facts.shipping);
    await publish(bed.topics.paymentEvents, ...facts.payment);
    await publish(bed.topics.orderEvents, ...facts.order);
    // Settled once every topic's checkpoint is named too (the last batch of one topic may commit a moment after another's).
    const projectedFrom = (a: OrderAnswer) => Object.keys(a.freshness.currentTo).filter((t) => Object.values(bed.topics).includes(t)).length;
    const answer = await settled(
      'q-completed-1',
      (a) => a.order.status === 'COMPLETED' && a.order.shipment !== undefined && a.order.payment !== undefined && projectedFrom(a) >= 3,
    );
    expect(answer.order).toMatchObject({
      customerId: 'c-1',
      status: 'COMPLETED',
      totalCents: 2500,
      items: [{ sku: 'MUG', quantity: 2, unitPriceCents: 1250 }],
      payment: { status: 'charged', amountCents: 2500, refundedCents: 0 },
      shipment: { status: 'booked', trackingId: 'trk_1' },
    });
    // Facts written in one transaction share a millisecond: their place in the topic orders them, and
    // the saga's sequence orders one transition's entries. The first two came as v1 facts.
    expect(answer.timeline.filter((e) => e.source === 'saga' || e.source === 'order').map((e) => `${e.kind}${e.step ? `:${e.step}` : ''}`)).toEqual([
      'OrderPlaced',
      'SagaStarted',
      'StepStarted:reserveStock',
      'StepSucceeded:reserveStock',
      'StepStarted:processPayment',
      'OrderPriced',
      'StepSucceeded:processPayment',
      'SagaCompleted',
      'OrderCompleted',
    ]);
    expect(answer.timeline).toHaveLength(11); // one entry per saga event and per other fact
    expect(Object.keys(answer.freshness.currentTo)).toEqual(
      expect.arrayContaining([bed.topics.orderEvents, bed.topics.paymentEvents, bed.topics.shippingEvents]),
    );
    expect(answer.freshness.projectedAt).toEqual(expect.any(String));
  });

  it("loses nothing when an order's first facts arrive on three topics at the same moment", async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `q-race-${i}`);
    await Promise.all([
      publish(
        bed.topics.orderEvents,
        ...ids.map((orderId) => fact(Facts.OrderPlaced, { orderId, customerId: 'c-race', lines: [{ sku: 'MUG', quantity: 1 }], shippingAddress: address })),
      ),
      publish(
        bed.topics.paymentEvents,
        ...ids.map((orderId) => fact(Facts.PaymentCharged, { orderId, amountCents: 1250, provider: 'p', providerReference: `ch-${orderId}` })),
      ),
      publish(bed.topics.shippingEvents, ...ids.map((orderId) => fact(Facts.ShipmentBooked, { orderId, trackingId: `trk-${orderId}`, address }))),
    ]);
    for (const orderId of ids) {
      const answer = await settled(orderId, (a) => a.timeline.length === 3);
      expect(answer.order).toMatchObject({
        status: 'PENDING',
        customerId: 'c-race',
        payment: { amountCents: 1250 },
        shipment: { trackingId: `trk-${orderId}` },
      });
    }
  });

  it("projects an order's stock fact and its order fact in one transaction when they arrive together", async () => {
    // The live projections are one consumer: the catalogue's hold and the order's summary, fed by two
    // topics, share the window's transaction. xmin names the transaction that wrote a row.
    const orderId = 'q-together';
    const producer = testKafka().producer();
    await producer.connect();
    try {
      const message = (e: Envelope) => ({ key: orderId, value: JSON.stringify(e.data), headers: headersOf(e) });
      await producer.sendBatch({
        acks: -1,
        topicMessages: [
          {
            topic: bed.topics.orderEvents,
            messages: [message(fact(Facts.OrderPlaced, { orderId, customerId: 'c-together', lines: [{ sku: 'MUG', quantity: 1 }], shippingAddress: address }))],
          },
          {
            topic: bed.topics.inventoryEvents,
            messages: [message(fact(Facts.InventoryReserved, { orderId, lines: [{ sku: 'MUG', quantity: 1, unitPriceCents: 1250 }] }))],
          },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const writers = async () => {
      const { rows } = await bed.db.pool.query<{ summary?: string; hold?: string }>(
        `SELECT (SELECT xmin::text FROM order_summary WHERE order_id = $1) AS summary, (SELECT xmin::text FROM product_holds WHERE order_id = $1) AS hold`,
        [orderId],
      );
      return rows[0];
    };
    await waitUntil('the summary and the hold projected', async () => {
      const { summary, hold } = await writers();
      return summary !== null && hold !== null;
    });
    const { summary, hold } = await writers();
    expect(hold).toBe(summary);
  });

  it('changes nothing for a fact published twice, and shows a refund once', async () => {
    const orderId = 'q-refunded-1';
    // Facts of different services, a few milliseconds apart as they would be.
    const placed = fact(Facts.OrderPlaced, { orderId, customerId: 'c-2', lines: [{ sku: 'TEE', quantity: 1 }], shippingAddress: address });
    await sleep(5);
    const charged = fact(Facts.PaymentCharged, { orderId, amountCents: 2400, provider: 'psp-primary', providerReference: 'ch_2' });
    await sleep(5);
    const refunded = fact(Facts.PaymentRefundIssued, { orderId, amountCents: 2400 });
    await sleep(5);
    const compensated = fact(Facts.OrderCompensated, { orderId, reason: 'we do not ship to AQ' });
    await publish(bed.topics.paymentEvents, charged, refunded, refunded); // the relay may publish a fact twice
    await publish(bed.topics.orderEvents, placed, placed, compensated);
    const answer = await settled(orderId, (a) => a.order.status === 'COMPENSATED' && a.order.payment?.refundedCents === 2400);
    expect(answer.order).toMatchObject({ status: 'COMPENSATED', failureReason: 'we do not ship to AQ', payment: { amountCents: 2400, refundedCents: 2400 } });
    // One entry per fact, in the order the facts happened (not the order they were read in).
    expect(answer.timeline.map((e) => e.kind)).toEqual(['OrderPlaced', 'PaymentCharged', 'PaymentRefundIssued', 'OrderCompensated']);
  });

  it('dead-letters a fact that breaks its contract and keeps projecting the partition', async () => {
    const orderId = 'q-after-bad-1';
    const bad = fact(Facts.PaymentCharged, { orderId, amountCents: 1, provider: 'p', providerReference: 'r' });
    await sendRaw(bed.topics.paymentEvents, [{ key: orderId, value: JSON.stringify({ orderId, amountCents: -5 }), headers: headersOf(bad) }]);
    await publish(bed.topics.paymentEvents, fact(Facts.PaymentCharged, { orderId, amountCents: 700, provider: 'p', providerReference: 'ch_7' }));
    const answer = await settled(orderId, (a) => a.order.payment?.amountCents === 700);
    expect(answer.order.payment).toMatchObject({ status: 'charged', amountCents: 700 });
    await waitUntil('the bad fact in the DLQ', () => dlq.messages.some((m) => m.key === orderId));
  });

  describe("a customer's orders", () => {
    const customerId = 'c-pages';
    const placedAt: Record<string, string> = {};
    beforeAll(async () => {
      for (let i = 1; i <= 5; i++) {
        const placed = fact(Facts.OrderPlaced, { orderId: `q-page-${i}`, customerId, lines: [{ sku: 'MUG', quantity: i }], shippingAddress: address });
        placedAt[`q-page-${i}`] = placed.occurredAt;
        await publish(bed.topics.orderEvents, placed);
        await sleep(5); // distinct placing times
      }
      await publish(
        bed.topics.orderEvents,
        fact(Facts.OrderCompleted, { orderId: 'q-page-2', totalCents: 100 }),
        fact(Facts.OrderCompleted, { orderId: 'q-page-4', totalCents: 100 }),
      );
      await publish(
        bed.topics.orderEvents,
        fact(Facts.OrderPlaced, { orderId: 'q-other', customerId: 'c-someone-else', lines: [{ sku: 'MUG', quantity: 1 }], shippingAddress: address }),
      );
      await waitUntil('all five projected, two completed', async () => {
        const page = await jsonOf<{ orders: { orderId: string; status: string }[] }>(fetch(`${url}/customers/${customerId}/orders?limit=10`));
        return page.orders.length === 5 && page.orders.filter((o) => o.status === 'COMPLETED').length === 2;
      });
    });
    type Page = { orders: { orderId: string }[]; nextCursor?: string; freshness: object };
    const page = (query: string) => jsonOf<Page>(fetch(`${url}/customers/${customerId}/orders?${query}`));

    it('pages through them newest first with a cursor, and says how fresh each page is', async () => {
      const first = await page('limit=2');
      expect(first.orders.map((o) => o.orderId)).toEqual(['q-page-5', 'q-page-4']);
      expect(first.freshness).toHaveProperty('currentTo');
      const second = await page(`limit=2&cursor=${first.nextCursor}`);
      expect(second.orders.map((o) => o.orderId)).toEqual(['q-page-3', 'q-page-2']);
      const last = await page(`limit=2&cursor=${second.nextCursor}`);
      expect(last.orders.map((o) => o.orderId)).toEqual(['q-page-1']);
      expect(last.nextCursor).toBeUndefined();
    });

    it('filters by status and by when they were placed', async () => {
      expect((await page('status=COMPLETED')).orders.map((o) => o.orderId)).toEqual(['q-page-4', 'q-page-2']);
      const window = `from=${encodeURIComponent(placedAt['q-page-2'])}&to=${encodeURIComponent(placedAt['q-page-4'])}`;
      expect((await page(window)).orders.map((o) => o.orderId)).toEqual(['q-page-3', 'q-page-2']);
    });

    it('answers 400 naming a bad limit, status, window or cursor', async () => {
      const fields = async (query: string) => {
        const response = await fetch(`${url}/customers/${customerId}/orders?${query}`);
        expect(response.status).toBe(400);
        return (await jsonOf<{ errors: { field: string }[] }>(response)).errors.map((e) => e.field);
      };
      expect(await fields('limit=0')).toEqual(['limit']);
      expect(await fields('status=LOST')).toEqual(['status']);
      expect(await fields('from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')).toEqual(['to']);
      expect(await fields('cursor=not-a-cursor')).toEqual(['cursor']);
    });
  });

  describe('the catalogue', () => {
    it("shows each SKU's availability from products, restocks and orders' holds, with copies changing nothing", async () => {
      const created = fact(Facts.ProductCreated, { sku: 'QMUG', name: 'Mug', priceCents: 1250, quantity: 10 });
      const restocked = fact(Facts.ProductRestocked, { sku: 'QMUG', quantity: 5 });
      const reserved = (orderId: string, quantity: number) =>
        fact(Facts.InventoryReserved, { orderId, lines: [{ sku: 'QMUG', quantity, unitPriceCents: 1250 }] });
      const committed = (orderId: string, quantity: number) => fact(Facts.InventoryCommitted, { orderId, lines: [{ sku: 'QMUG', quantity }] });
      const released = (orderId: string, quantity: number) => fact(Facts.InventoryReleased, { orderId, lines: [{ sku: 'QMUG', quantity }] });
      const sendInventory = (key: string, ...envelopes: Envelope[]) =>
        sendRaw(
          bed.topics.inventoryEvents,
          envelopes.map((e) => ({ key, value: JSON.stringify(e.data), headers: headersOf(e) })),
        );
      // Holds (keyed by order) before the product (keyed by SKU); a restock and a commit published twice.
      const firstCommit = committed('q-stock-1', 2);
      await sendInventory('q-stock-1', reserved('q-stock-1', 2), firstCommit, firstCommit);
      await sendInventory('q-stock-2', reserved('q-stock-2', 3), released('q-stock-2', 3));
      await sendInventory('q-stock-3', reserved('q-stock-3', 1));
      await sendInventory('QMUG', created, restocked, restocked);
      let product: Record<string, unknown> = {};
      await waitUntil('the catalogue caught up', async () => {
        const response = await fetch(`${url}/products/QMUG`);
        product = response.ok ? await jsonOf<Record<string, unknown>>(response) : {};
        return product['name'] === 'Mug' && product['committed'] === 2 && product['reserved'] === 1 && product['available'] === 12;
      });
      expect(product).toMatchObject({ sku: 'QMUG', name: 'Mug', priceCents: 1250, available: 12, reserved: 1, committed: 2 });
      // The figures come from the SKU's totals row, which the copies left as the holds and restocks say.
      expect((await bed.db.pool.query(`SELECT restocked, reserved, committed FROM product_stock_totals WHERE sku = 'QMUG'`)).rows).toEqual([
        { restocked: 5, reserved: 1, committed: 2 },
      ]);
      // A hold projected earlier moves on: what it reserved leaves the reserved total as it joins the committed one.
      await sendInventory('q-stock-3', committed('q-stock-3', 1));
      await waitUntil('the later commit projected', async () => {
        const moved = await jsonOf<Record<string, unknown>>(fetch(`${url}/products/QMUG`));
        return moved['committed'] === 3;
      });
      expect(await jsonOf(fetch(`${url}/products/QMUG`))).toMatchObject({ available: 12, reserved: 0, committed: 3 });
      const list = await jsonOf<{ products: { sku: string }[]; freshness: { currentTo: Record<string, unknown> } }>(fetch(`${url}/products`));
      expect(list.products.map((p) => p.sku)).toContain('QMUG');
      expect(Object.keys(list.freshness.currentTo)).toEqual([bed.topics.inventoryEvents]);
      expect((await fetch(`${url}/products/NEVER`)).status).toBe(404);
    });
  });

  describe('the payments ledger and the saga statistics', () => {
    const at = (ms: number) => new Date(Date.UTC(2026, 10, 25, 9, 0, 0, ms)).toISOString();
    beforeAll(async () => {
      const orderId = 'q-stats-1';
      const timed = (envelope: Envelope, ms: number): Envelope => ({ ...envelope, occurredAt: at(ms) });
      await publish(
        bed.topics.orderEvents,
        timed(fact(Facts.OrderPlaced, { orderId, customerId: 'c-ledger', lines: [{ sku: 'MUG', quantity: 1 }], shippingAddress: address }), 0),
        timed(transition(orderId, { sequence: 6, kind: 'StepStarted', step: 'requestShipping', attempt: 1 }), 100),
        timed(transition(orderId, { sequence: 7, kind: 'StepSucceeded', step: 'requestShipping' }), 500),
        timed(fact(Facts.OrderCompensated, { orderId, reason: 'cancelled by the customer' }), 900),
      );
      await publish(
        bed.topics.paymentEvents,
        timed(fact(Facts.PaymentCharged, { orderId, amountCents: 1800, provider: 'psp-secondary', providerReference: 'ch_9' }), 400),
        timed(fact(Facts.PaymentRefundIssued, { orderId, amountCents: 1800 }), 950),
      );
      await waitUntil('the order and its refund projected', async () => {
        const ledger = await jsonOf<{ payments: { refundedCents: number }[] }>(fetch(`${url}/payments?customerId=c-ledger`));
        const order = await view(orderId);
        return ledger.payments[0]?.refundedCents === 1800 && order.status === 200 && (await jsonOf<OrderAnswer>(order)).order.status === 'COMPENSATED';
      });
    });

    it("lists a customer's payments with their totals, or one order's", async () => {
      const ledger = await jsonOf<{ payments: unknown[]; totals: unknown }>(fetch(`${url}/payments?customerId=c-ledger`));
      expect(ledger.payments).toEqual([
        {
          orderId: 'q-stats-1',
          customerId: 'c-ledger',
          status: 'charged',
          amountCents: 1800,
          refundedCents: 1800,
          provider: 'psp-secondary',
          providerReference: 'ch_9',
        },
      ]);
      expect(ledger.totals).toEqual({ chargedCents: 1800, refundedCents: 1800, netCents: 0 });
      expect((await jsonOf<{ payments: { orderId: string }[] }>(fetch(`${url}/payments?orderId=q-stats-1`))).payments.map((p) => p.orderId)).toEqual([
        'q-stats-1',
      ]);
    });

    it('asks for exactly one of customerId and orderId', async () => {
      for (const query of ['', 'customerId=c-ledger&orderId=q-stats-1']) {
        const response = await fetch(`${url}/payments?${query}`);
        expect(response.status).toBe(400);
        expect((await jsonOf<{ errors: { field: string }[] }>(response)).errors.map((e) => e.field)).toEqual(['customerId']);
      }
    });

    it('counts orders by status and compensation reason, and times each step from its start to its answer', async () => {
      const stats = await jsonOf<{
        byStatus: Record<string, number>;
        compensationReasons: { reason: string; orders: number }[];
        stepDurations: { step: string; count: number; p50Ms: number; p95Ms: number }[];
      }>(fetch(`${url}/stats/sagas`));
      expect(stats.byStatus['COMPENSATED']).toBeGreaterThanOrEqual(1);
      expect(stats.compensationReasons).toContainEqual({ reason: 'cancelled by the customer', orders: 1 });
      // Only this order timed requestShipping: started at 100 ms, answered at 500 ms.
      expect(stats.stepDurations).toContainEqual({ step: 'requestShipping', count: 1, p50Ms: 400, p95Ms: 400 });
    });
  });

  describe('read-your-writes', () => {
    const started = (orderId: string) => [
      fact(Facts.OrderPlaced, { orderId, customerId: 'c-ryw', lines: [{ sku: 'MUG', quantity: 1 }], shippingAddress: address }),
      transition(orderId, { sequence: 1, kind: 'SagaStarted' }, { sequence: 2, kind: 'StepStarted', step: 'reserveStock', attempt: 1 }),
    ];
    const withToken = (orderId: string, token = consistencyTokenOf({ orderId, sagaSequence: 2 })) =>
      fetch(`${url}/orders/${orderId}?consistencyToken=${encodeURIComponent(token)}`);

    it('waits for the write the token names instead of answering 404', async () => {
      const reading = withToken('q-ryw-1'); // asked before the facts are even published
      await sleep(300);
      await publish(bed.topics.orderEvents, ...started('q-ryw-1'));
      const response = await reading;
      expect(response.status).toBe(200);
      expect((await jsonOf<OrderAnswer>(response)).order).toMatchObject({ orderId: 'q-ryw-1', status: 'PENDING' });
    });

    it('answers "not yet" with 503 and Retry-After when the view has not caught up in time', async () => {
      const response = await withToken('q-ryw-never');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await jsonOf(response)).toMatchObject({ title: 'Not yet', detail: expect.stringContaining('q-ryw-never') });
    });

    it('answers 400 naming the token when it is not one, or names another order', async () => {
      for (const response of [await withToken('q-ryw-1', 'garbage'), await withToken('q-ryw-1', consistencyTokenOf({ orderId: 'q-other', sagaSequence: 1 }))]) {
        expect(response.status).toBe(400);
        expect((await jsonOf<{ errors: { field: string }[] }>(response)).errors.map((e) => e.field)).toEqual(['consistencyToken']);
      }
    });
  });

  describe('live changes (Server-Sent Events)', () => {
    interface LiveEvent {
      id: string;
      data: { orderId: string; status?: string; entry?: { kind: string } };
    }
    /** Opens an SSE stream and collects events until there are `enough` (or 10 s passed), then closes it. */
    const collect = async (path: string, enough: number | ((events: LiveEvent[]) => boolean), lastEventId?: string, whileOpen?: () => Promise<void>) => {
      const done = typeof enough === 'number' ? (events: LiveEvent[]) => events.length >= enough : enough;
      const connection = new AbortController();
      const response = await fetch(`${url}${path}`, { headers: lastEventId ? { 'last-event-id': lastEventId } : {}, signal: connection.signal });
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      const events: LiveEvent[] = [];
      let buffer = '';
      const opened = whileOpen?.();
      const deadline = Date.now() + 10_000;
      while (!done(events) && Date.now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), deadline - Date.now())));
        const chunk = await Promise.race([reader.read(), timedOut]).finally(() => clearTimeout(timer)); // no timer left behind
        if (!chunk || chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const fields = Object.fromEntries(
            buffer
              .slice(0, end)
              .split('\n')
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
          );
          buffer = buffer.slice(end + 2);
          if (fields['data']) events.push({ id: fields['id'], data: JSON.parse(fields['data']) });
        }
      }
      connection.abort();
      await opened;
      return events;
    };
    const placed = (orderId: string, customerId = 'c-live') =>
      fact(Facts.OrderPlaced, { orderId, customerId, lines: [{ sku: 'MUG', quantity: 1 }], shippingAddress: address });
    const progressed = (orderId: string, sequence: number, kind: 'SagaStarted' | 'SagaCompleted') => transition(orderId, { sequence, kind });

    it("sends one order's changes in order, and a reconnect with Last-Event-ID resumes without a gap", async () => {
      const orderId = 'q-live-1';
      const first = await collect(`/orders/${orderId}/stream`, 2, undefined, () =>
        publish(bed.topics.orderEvents, placed(orderId), progressed(orderId, 1, 'SagaStarted')),
      );
      expect(first.map((e) => e.data.entry?.kind)).toEqual(['OrderPlaced', 'SagaStarted']);
      expect(first[0].data).toMatchObject({ orderId, status: 'PENDING' });
      // Disconnected; meanwhile the order completes. The reconnect picks up right after the last event seen.
      await publish(bed.topics.orderEvents, progressed(orderId, 2, 'SagaCompleted'), fact(Facts.OrderCompleted, { orderId, totalCents: 1250 }));
      const resumed = await collect(`/orders/${orderId}/stream`, 2, first[1].id);
      expect(resumed.map((e) => e.data.entry?.kind)).toEqual(['SagaCompleted', 'OrderCompleted']);
      expect(resumed[1].data.status).toBe('COMPLETED');
      const fromStart = await collect(`/orders/${orderId}/stream`, 4);
      expect(fromStart.map((e) => e.id)).toEqual([...first, ...resumed].map((e) => e.id));
    });

    it('answers 410 Gone to a subscriber resuming from before what the feed still keeps, and streams to one resuming within it', async () => {
      const orderId = 'q-live-gone';
      const seen = await collect(`/orders/${orderId}/stream`, 2, undefined, () =>
        publish(bed.topics.orderEvents, placed(orderId), progressed(orderId, 1, 'SagaStarted')),
      );
      // Every change so far ages past the week the feed keeps, and the retention job's work runs.
      await bed.db.pool.query("UPDATE order_changes SET recorded_at = now() - interval '8 days'");
      const dataSource = app.get<DataSource>(getDataSourceToken());
      const newestLetGo = await new PostgresOrderChangeFeed(dataSource).head();
      expect(await new OrderChangesRetention(dataSource, defaultOrderChangesRetentionMs).trim()).toBeGreaterThanOrEqual(2);
      const gone = await fetch(`${url}/orders/${orderId}/stream`, { headers: { 'last-event-id': seen[0].id } });
      expect(gone.status).toBe(410);
      expect((await jsonOf<{ detail: string }>(gone)).detail).toMatch(/no longer kept/);
      // After the newest change let go, nothing is missing: the stream opens, and goes on with what comes.
      const resumed = await collect(`/orders/${orderId}/stream`, 1, newestLetGo, () =>
        publish(bed.topics.orderEvents, fact(Facts.OrderCompleted, { orderId, totalCents: 1250 })),
      );
      expect(resumed.map((e) => e.data.entry?.kind)).toEqual(['OrderCompleted']);
    });

    it("sends every order's changes on the all-orders stream", async () => {
      const both = (events: LiveEvent[]) => ['q-live-a', 'q-live-b'].every((id) => events.some((e) => e.data.orderId === id));
      const events = await collect('/orders/stream', both, undefined, () => publish(bed.topics.orderEvents, placed('q-live-a'), placed('q-live-b')));
      const orders = new Set(events.map((e) => e.data.orderId));
      expect(orders.has('q-live-a') && orders.has('q-live-b')).toBe(true);
    });

    it("sends one customer's orders' changes from now on (?from=now): no history, nobody else's", async () => {
      await publish(bed.topics.orderEvents, placed('q-live-earlier', 'c-live-2'));
      await settled('q-live-earlier', () => true);
      const seen = (events: LiveEvent[]) => events.some((e) => e.data.orderId === 'q-live-later');
      const events = await collect('/customers/c-live-2/orders/stream?from=now', seen, undefined, () =>
        publish(bed.topics.orderEvents, placed('q-live-other', 'c-live-3'), placed('q-live-later', 'c-live-2')),
      );
      expect(events.map((e) => e.data.orderId)).toEqual(['q-live-later']);
      expect(events[0].data).toMatchObject({ customerId: 'c-live-2', status: 'PENDING' });
    });
  });

  describe('the gRPC read API (what the gateway asks)', () => {
    it('answers an order exactly as the HTTP API does', async () => {
      const facts = completedOrder('q-grpc-1');
      await publish(bed.topics.orderEvents, ...facts.order);
      await publish(bed.topics.paymentEvents, ...facts.payment);
      const overHttp = await settled('q-grpc-1', (a) => a.order.status === 'COMPLETED' && a.order.payment !== undefined);
      const overGrpc = QueryApi.fromWire(await grpc.call('GetOrder', { orderId: 'q-grpc-1' }));
      expect(overGrpc.order).toEqual(overHttp.order); // zero refunds and absent fields survive the wire
      expect(overGrpc.timeline).toEqual(overHttp.timeline);
      expect(Object.keys(overGrpc.freshness.currentTo)).toEqual(expect.arrayContaining(Object.keys(overHttp.freshness.currentTo)));
    });

    it("pages a customer's orders and reads statistics and products", async () => {
      const ids = Array.from({ length: 3 }, (_, i) => `q-grpc-page-${i}`);
      const placedFor = (orderId: string) =>
        fact(Facts.OrderPlaced, { orderId, customerId: 'c-grpc', lines: [{ sku: 'MUG', quantity: 1 }], shippingAddress: address });
      await publish(bed.topics.orderEvents, ...ids.map(placedFor));
      await Promise.all(ids.map((orderId) => settled(orderId, () => true)));
      const page = QueryApi.fromWire(await grpc.call('ListCustomerOrders', { customerId: 'c-grpc', limit: 2 }));
      expect(page.orders.map((o) => o.customerId)).toEqual(['c-grpc', 'c-grpc']);
      expect(page.nextCursor).toEqual(expect.any(String));
      expect(QueryApi.fromWire(await grpc.call('GetSagaStatistics', {})).byStatus['PENDING']).toBeGreaterThanOrEqual(ids.length);
      expect(QueryApi.fromWire(await grpc.call('ListProducts', {})).products).toEqual(expect.any(Array));
    });

    it('fails with the problem the HTTP API would answer: NOT_FOUND, INVALID_ARGUMENT naming the field', async () => {
      const missing = await grpc.call('GetOrder', { orderId: 'q-grpc-never' }).catch((e: unknown) => e as { code: number; details: string });
      expect(missing).toMatchObject({ code: GrpcCode.NOT_FOUND });
      expect(problemOfGrpcError(missing as { code: number; details: string }, 'query-service')).toMatchObject({ status: 404 });
      const invalid = await grpc.call('ListCustomerOrders', { customerId: 'c-1', limit: 1000 }).catch((e: unknown) => e as { code: number; details: string });
      expect(invalid).toMatchObject({ code: GrpcCode.INVALID_ARGUMENT });
      expect(problemOfGrpcError(invalid as { code: number; details: string }, 'query-service').errors?.map((e) => e.field)).toEqual(['limit']);
    });
  });

  describe('what the dashboard watches', () => {
    it('judges settled orders across the services: a consistent one passes, one completed but never shipped is named', async () => {
      const stock = (orderId: string) => [
        fact(Facts.InventoryReserved, { orderId, lines: [{ sku: 'MUG', quantity: 2, unitPriceCents: 1250 }] }),
        fact(Facts.InventoryCommitted, { orderId, lines: [{ sku: 'MUG', quantity: 2 }] }),
      ];
      const good = completedOrder('q-inv-good');
      const unshipped = completedOrder('q-inv-unshipped');
      await publish(bed.topics.inventoryEvents, ...stock('q-inv-good'), ...stock('q-inv-unshipped'));
      await publish(bed.topics.paymentEvents, ...good.payment, ...unshipped.payment);
      await publish(bed.topics.shippingEvents, ...good.shipping);
      await publish(bed.topics.orderEvents, ...good.order, ...unshipped.order);
      let answer: QueryApi.InvariantsAnswer | undefined;
      const examples = () => (answer?.checks ?? []).flatMap((c) => c.examples).join('\n');
      await waitUntil('both orders judged, the stock of both committed', async () => {
        answer = await jsonOf<QueryApi.InvariantsAnswer>(fetch(`${url}/invariants`));
        return examples().includes('q-inv-unshipped: completed with shipment none') && !examples().includes('q-inv-good');
      });
      const shipments = answer?.checks.find((c) => c.name === 'shipments');
      expect(shipments).toMatchObject({ holds: false, breaches: expect.any(Number) });
      expect(answer?.orders.checked).toBeGreaterThanOrEqual(2);
      expect(answer?.freshness.currentTo).toHaveProperty([bed.topics.inventoryEvents]);
      const overGrpc = QueryApi.fromWire(await grpc.call('CheckInvariants', {}));
      expect(overGrpc.checks.map((c) => c.name)).toEqual(['stock', 'money', 'shipments']);
      expect(overGrpc.checks.find((c) => c.name === 'shipments')?.examples.join('\n')).toContain('q-inv-unshipped');
    });

    it('counts the messages of each dead-letter topic, named without the deployment prefix', async () => {
      // The malformed payment fact of the test above waits in payment.events.dlq.
      const overHttp = await jsonOf<QueryApi.DeadLettersAnswer>(fetch(`${url}/dead-letters`));
      const paymentDlq = overHttp.topics.find((t) => t.topic === 'payment.events.dlq');
      expect(paymentDlq?.messages).toBeGreaterThanOrEqual(1);
      expect(overHttp.topics.map((t) => t.topic)).toEqual(expect.arrayContaining(['order.events.dlq', 'inventory.events.dlq', 'shipping.events.dlq']));
      const overGrpc = await grpc.call('GetDeadLetters', {});
      expect(overGrpc.topics).toEqual(overHttp.topics);
    });
  });

  it('answers 404 for an order it has never heard of, and 400 naming a bad order id', async () => {
    expect((await view('q-never')).status).toBe(404);
    const bad = await fetch(`${url}/orders/${'x'.repeat(101)}`);
    expect(bad.status).toBe(400);
    expect((await jsonOf<{ errors: { field: string }[] }>(bad)).errors.map((e) => e.field)).toEqual(['orderId']);
  });
});
