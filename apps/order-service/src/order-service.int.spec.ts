// order-service in-process against PostgreSQL and Kafka, the test playing the participants: it reads
// their command topics and answers on the saga-replies topic.
import { consistencyPointOf, dlqTopicOf, envelopeOf, Replies, type MessageDefinition } from '@eventshop/contracts';
import { headersOf } from '@eventshop/messaging';
import { jsonOf, sendJson, sendRaw, serviceTestBed, waitUntil, type ServiceTestBed, type TopicRecorder } from '@eventshop/testing';
import type { INestApplication } from '@nestjs/common';
import type { z } from 'zod';
import { defaultOrderTopics, type OrderTopics } from './config';
import { startOrderService } from './main';

describe('order-service and its saga (PostgreSQL + Kafka)', () => {
  let bed: ServiceTestBed<OrderTopics>;
  let app: INestApplication;
  let url: string;
  let inventory: TopicRecorder;
  let payment: TopicRecorder;
  let shipping: TopicRecorder;
  let facts: TopicRecorder;

  beforeAll(async () => {
    bed = await serviceTestBed('order_service', defaultOrderTopics);
    app = await startOrderService({ ...bed.base, topics: bed.topics, saga: { stepDeadlineMs: 3_000, stepAttempts: 2, compensationAttempts: 2 } });
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    [inventory, payment, shipping, facts] = await Promise.all(
      [bed.topics.inventory, bed.topics.payment, bed.topics.shipping, bed.topics.events].map((t) => bed.record(t)),
    );
    await bed.record(dlqTopicOf(bed.topics.replies));
  });
  afterAll(async () => {
    await app?.close();
    await bed?.cleanup();
  });

  const body = (overrides: Record<string, unknown> = {}) => ({
    customerId: 'c-1',
    items: [{ sku: 'MUG', quantity: 2 }],
    payment: { token: 'tok_ok' },
    shippingAddress: { name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    ...overrides,
  });
  const place = (key: string | undefined, payload: unknown = body()) =>
    fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(payload),
    });
  const placeOk = async (key: string, payload: unknown = body()) => (await jsonOf<{ orderId: string }>(place(key, payload))).orderId;
  const order = (id: string) =>
    jsonOf<{ status: string; totalCents?: number; failureReason?: string; steps: { step: string; event: string; attempt?: number; reason?: string }[] }>(
      fetch(`${url}/orders/${id}`),
    );
  const commandsFor = (recorder: TopicRecorder, id: string) => recorder.messages.filter((m) => m.key === id).map((m) => m.headers['type']);
  // The reply's data but its orderId, which every reply carries: the contract checks the whole.
  const reply = <D extends MessageDefinition>(definition: D, orderId: string, data: Partial<z.input<D['schema']>> = {}) => {
    const envelope = envelopeOf(definition, { orderId, ...data } as z.input<D['schema']>, { correlationId: orderId });
    return sendRaw(bed.topics.replies, [{ key: orderId, value: JSON.stringify(envelope.data), headers: headersOf(envelope) }]);
  };
  const awaitCommand = (recorder: TopicRecorder, id: string, type: string, count = 1) =>
    waitUntil(`${type} for ${id}`, () => commandsFor(recorder, id).filter((t) => t === type).length >= count, { timeoutMs: 15_000 });
  const reserved = { lines: [{ sku: 'MUG', quantity: 2, unitPriceCents: 1250 }], totalCents: 2500 };
  const factsFor = (id: string) => facts.messages.filter((m) => m.key === id);
  /** The timeline as a read model would build it from order.events alone, checked against the write side's. */
  // Each saga transition is one fact, its saga events in the stream's order: together they are the whole timeline.
  const expectTimelineFromFacts = async (id: string) => {
    const steps = (await order(id)).steps;
    type Progress = { sequence: number; kind: string; step?: string; attempt?: number; reason?: string };
    const progress = () =>
      factsFor(id)
        .filter((m) => m.headers['type'] === 'OrderSagaProgressed')
        .flatMap((m) => (m.value as { progress: Progress[] }).progress);
    await waitUntil('every saga step published', () => progress().length >= steps.length);
    expect(progress().map((p) => p.sequence)).toEqual(steps.map((_, i) => i + 1));
    expect(progress().map((p) => ({ event: p.kind, step: p.step ?? 'saga', attempt: p.attempt, reason: p.reason }))).toEqual(
      steps.map((s) => ({ event: s.event, step: s.step, attempt: s.attempt, reason: s.reason })),
    );
  };

  it('runs T2 -> T3 -> T4 -> commit and completes the order', async () => {
    const id = await placeOk('happy-1');
    expect((await order(id)).status).toBe('PENDING');
    await awaitCommand(inventory, id, 'ReserveStock');
    await reply(Replies.StockReserved, id, reserved);
    await awaitCommand(payment, id, 'ProcessPayment');
    expect(payment.messages.find((m) => m.key === id)?.value).toMatchObject({ amountCents: 2500, paymentToken: 'tok_ok' });
    await reply(Replies.PaymentProcessed, id, { amountCents: 2500, providerReference: 'ch_1' });
    await awaitCommand(shipping, id, 'RequestShipping');
    await reply(Replies.ShippingRequested, id, { trackingId: 'trk_1' });
    await awaitCommand(inventory, id, 'CommitStock');
    await reply(Replies.StockCommitted, id);
    await waitUntil('COMPLETED', async () => (await order(id)).status === 'COMPLETED');
    const view = await order(id);
    expect(view.totalCents).toBe(2500);
    expect(view.steps.map((s) => `${s.event}:${s.step}`)).toContain('SagaCompleted:saga');
    await waitUntil('the OrderCompleted fact', () => facts.messages.some((m) => m.key === id && m.headers['type'] === 'OrderCompleted'));
    expect(
      factsFor(id)
        .map((m) => m.headers['type'])
        .filter((t) => t !== 'OrderSagaProgressed'),
    ).toEqual(['OrderPlaced', 'OrderPriced', 'OrderCompleted']);
    await expectTimelineFromFacts(id);
    // One progress fact per transition: the placing, then each of the four replies.
    expect(factsFor(id).filter((m) => m.headers['type'] === 'OrderSagaProgressed')).toHaveLength(5);
    expect((await sendJson(`${url}/orders/${id}/cancel`, 'POST')).status).toBe(409);
  });

  it('answers a placed order with a consistency token naming the order and its started saga', async () => {
    const answer = await jsonOf<{ orderId: string; status: string; consistencyToken: string }>(place('token-1'));
    expect(consistencyPointOf(answer.consistencyToken)).toEqual({ orderId: answer.orderId, sagaSequence: 2 });
    const again = await jsonOf<{ orderId: string; consistencyToken: string }>(place('token-1'));
    expect(consistencyPointOf(again.consistencyToken)).toMatchObject({ orderId: answer.orderId });
    expect(consistencyPointOf(again.consistencyToken).sagaSequence).toBeGreaterThanOrEqual(2);
  });

  it('gives the same order for the same key and body, refuses the key with another body, and validates input', async () => {
    const first = await placeOk('idem-1');
    expect(await placeOk('idem-1')).toBe(first);
    const other = await place('idem-1', body({ customerId: 'c-2' }));
    expect(other.status).toBe(422);
    const noKey = await place(undefined);
    expect(noKey.status).toBe(400);
    expect((await jsonOf<{ errors: { field: string }[] }>(noKey)).errors.map((e) => e.field)).toEqual(['Idempotency-Key']);
    const bad = await place('idem-2', body({ items: [{ sku: 'MUG', quantity: 0 }] }));
    expect(bad.status).toBe(400);
    expect((await jsonOf<{ errors: { field: string }[] }>(bad)).errors.map((e) => e.field)).toEqual(['items.0.quantity']);
    await waitUntil('one ReserveStock for the idempotent order', () => commandsFor(inventory, first).length === 1);
    expect((await fetch(`${url}/orders/does-not-exist`)).status).toBe(404);
  });

  it('publishes its OpenAPI at /docs, generated from the same zod schemas that validate requests', async () => {
    expect((await fetch(`${url}/docs`)).status).toBe(200);
    type Doc = {
      info: { description: string };
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> }; parameters?: unknown[] }>>;
    };
    const doc = await jsonOf<Doc>(fetch(`${url}/docs-json`));
    expect(doc.info.description).toContain('at most 64 KB'); // the limit every body shares
    const place = doc.paths['/orders'].post;
    expect(place.requestBody?.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['customerId', 'items', 'payment', 'shippingAddress']),
      properties: { items: { type: 'array', minItems: 1, maxItems: 50 } },
    });
    expect(place.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true })]));
    expect(doc.paths['/orders/{orderId}'].get.parameters).toEqual([
      expect.objectContaining({ name: 'orderId', in: 'path', schema: expect.objectContaining({ type: 'string', maxLength: 100 }) }),
    ]);
  });

  it('names the place that was wrong: the path parameter, the too-long header; a wrong method is a 405 with Allow', async () => {
    const fieldErrors = async (response: Response) => (await jsonOf<{ errors: { field: string; message: string }[] }>(response)).errors;
    const longId = await fetch(`${url}/orders/${'x'.repeat(101)}`);
    expect(longId.status).toBe(400);
    expect((await fieldErrors(longId)).map((e) => e.field)).toEqual(['orderId']);
    const longKey = await place('k'.repeat(201));
    expect(longKey.status).toBe(400);
    expect(await fieldErrors(longKey)).toEqual([{ field: 'Idempotency-Key', message: expect.stringContaining('too long') }]);
    const wrongMethod = await fetch(`${url}/orders/some-order`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD');
    expect(wrongMethod.headers.get('content-type')).toContain('application/problem+json');
    const wrongOnCollection = await fetch(`${url}/orders`, { method: 'GET' });
    expect(wrongOnCollection.status).toBe(405);
    expect(wrongOnCollection.headers.get('allow')).toBe('POST');
    expect((await fetch(`${url}/no-such-path`)).status).toBe(404);
  });

  it('compensates a declined payment: releases the stock and ends COMPENSATED with the reason', async () => {
    const id = await placeOk('declined-1');
    await awaitCommand(inventory, id, 'ReserveStock');
    await reply(Replies.StockReserved, id, reserved);
    await awaitCommand(payment, id, 'ProcessPayment');
    await reply(Replies.PaymentFailed, id, { reason: 'declined: card declined' });
    await awaitCommand(inventory, id, 'ReleaseStock');
    expect(commandsFor(payment, id)).toEqual(['ProcessPayment']); // the refused payment is not refunded
    await reply(Replies.StockReleased, id);
    await waitUntil('COMPENSATED', async () => (await order(id)).status === 'COMPENSATED');
    expect((await order(id)).failureReason).toBe('declined: card declined');
    await waitUntil('the OrderCompensated fact', () => factsFor(id).some((m) => m.headers['type'] === 'OrderCompensated'));
    expect(factsFor(id).find((m) => m.headers['type'] === 'OrderCompensated')?.value).toEqual({ orderId: id, reason: 'declined: card declined' });
    await expectTimelineFromFacts(id);
  });

  it('resends a step whose deadline passed, then compensates it as well', async () => {
    const id = await placeOk('silent-1');
    await awaitCommand(inventory, id, 'ReserveStock', 2); // the resend after the first deadline
    await awaitCommand(inventory, id, 'ReleaseStock'); // the step's outcome is unknown: undo it anyway
    await reply(Replies.StockReleased, id);
    await waitUntil('COMPENSATED', async () => (await order(id)).status === 'COMPENSATED', { timeoutMs: 15_000 });
    expect((await order(id)).failureReason).toBe('no answer to reserveStock after 2 attempt(s)');
  });

  it('lets the customer cancel before shipping: the payment in flight is refunded, the stock released', async () => {
    const id = await placeOk('cancel-1');
    await awaitCommand(inventory, id, 'ReserveStock');
    await reply(Replies.StockReserved, id, reserved);
    await awaitCommand(payment, id, 'ProcessPayment');
    expect((await sendJson(`${url}/orders/${id}/cancel`, 'POST')).status).toBe(202);
    await awaitCommand(payment, id, 'RefundPayment');
    await reply(Replies.PaymentRefunded, id, { amountCents: 0 });
    await awaitCommand(inventory, id, 'ReleaseStock');
    await reply(Replies.StockReleased, id);
    await waitUntil('COMPENSATED', async () => (await order(id)).status === 'COMPENSATED');
    expect((await sendJson(`${url}/orders/${id}/cancel`, 'POST')).status).toBe(409);
    await expectTimelineFromFacts(id); // the customer's cancel shows as processPayment failing, with its reason
  });

  it('parks a saga whose compensation is refused as COMPENSATION_FAILED, and an admin resume retries it', async () => {
    const id = await placeOk('park-1');
    await awaitCommand(inventory, id, 'ReserveStock');
    await reply(Replies.StockReserved, id, reserved);
    await awaitCommand(payment, id, 'ProcessPayment');
    await reply(Replies.PaymentProcessed, id, { amountCents: 2500, providerReference: 'ch_1' });
    await awaitCommand(shipping, id, 'RequestShipping');
    await reply(Replies.ShippingFailed, id, { reason: 'carrier unavailable' }); // compensate: refund, release
    await awaitCommand(payment, id, 'RefundPayment');
    // The refund is never answered: after its attempts the saga parks.
    await waitUntil('COMPENSATION_FAILED', async () => (await order(id)).status === 'COMPENSATION_FAILED', { timeoutMs: 20_000 });
    expect((await order(id)).failureReason).toMatch(/compensating processPayment got no answer/);
    const before = commandsFor(payment, id).filter((t) => t === 'RefundPayment').length;
    expect((await sendJson(`${url}/admin/sagas/${id}/resume`, 'POST')).status).toBe(202);
    await awaitCommand(payment, id, 'RefundPayment', before + 1);
    await reply(Replies.PaymentRefunded, id, { amountCents: 2500 });
    await awaitCommand(inventory, id, 'ReleaseStock');
    await reply(Replies.StockReleased, id);
    await waitUntil('COMPENSATED after the resume', async () => (await order(id)).status === 'COMPENSATED');
    // The parking, the resume and what followed are all on order.events, in the saga's order.
    await expectTimelineFromFacts(id);
    expect(factsFor(id).map((m) => m.headers['type'])).toEqual(expect.arrayContaining(['OrderCompensationFailed', 'OrderCompensated']));
  });

  const upToShipping = async (id: string) => {
    await awaitCommand(inventory, id, 'ReserveStock');
    await reply(Replies.StockReserved, id, reserved);
    await awaitCommand(payment, id, 'ProcessPayment');
    await reply(Replies.PaymentProcessed, id, { amountCents: 2500, providerReference: 'ch_1' });
    await awaitCommand(shipping, id, 'RequestShipping');
  };

  it('undoes every step in reverse when shipping stays silent: C4 cancel shipment, C3 refund, C2 release', async () => {
    const id = await placeOk('silent-shipping-1');
    await upToShipping(id);
    // No answer to either attempt: the shipment may exist, so it is cancelled first.
    await awaitCommand(shipping, id, 'CancelShipment');
    expect(commandsFor(shipping, id)).toEqual(['RequestShipping', 'RequestShipping', 'CancelShipment']);
    await reply(Replies.ShipmentCancelled, id);
    await awaitCommand(payment, id, 'RefundPayment');
    await reply(Replies.PaymentRefunded, id, { amountCents: 2500 });
    await awaitCommand(inventory, id, 'ReleaseStock');
    await reply(Replies.StockReleased, id);
    await waitUntil('COMPENSATED', async () => (await order(id)).status === 'COMPENSATED', { timeoutMs: 15_000 });
    const undone = (await order(id)).steps.filter((s) => s.event === 'StepCompensated').map((s) => s.step);
    expect(undone).toEqual(['requestShipping', 'processPayment', 'reserveStock']);
  }, 30_000);

  it('parks the saga when the carrier refuses to cancel a shipment already handed over', async () => {
    const id = await placeOk('handed-over-1');
    await upToShipping(id);
    await awaitCommand(shipping, id, 'CancelShipment');
    await reply(Replies.ShipmentCancellationRefused, id, { reason: 'already handed over to the carrier' });
    await waitUntil('COMPENSATION_FAILED', async () => (await order(id)).status === 'COMPENSATION_FAILED', { timeoutMs: 15_000 });
    expect((await order(id)).failureReason).toMatch(/already handed over/);
    expect(commandsFor(payment, id)).not.toContain('RefundPayment'); // nothing undone past the refusal
  }, 30_000);
});
