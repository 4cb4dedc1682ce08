// inventory-service as a whole, in-process, against the real PostgreSQL and Kafka: HTTP in, saga
// commands in, replies and facts out, redeliveries absorbed, malformed commands dead-lettered.
import { dlqTopicOf, envelopeOf, Commands, type Envelope } from '@eventshop/contracts';
import { headersOf } from '@eventshop/messaging';
import { jsonOf, sendJson, sendRaw, serviceTestBed, waitUntil, type ServiceTestBed, type TopicRecorder } from '@eventshop/testing';
import type { INestApplication } from '@nestjs/common';
import { startInventoryService } from './main';
import { defaultInventoryTopics, type InventoryTopics } from './application/inventory-topics';

describe('inventory-service (PostgreSQL + Kafka)', () => {
  let bed: ServiceTestBed<InventoryTopics>;
  let app: INestApplication;
  let url: string;
  let replies: TopicRecorder;
  let facts: TopicRecorder;
  let dlq: TopicRecorder;

  beforeAll(async () => {
    bed = await serviceTestBed('inventory_service', defaultInventoryTopics);
    app = await startInventoryService({ ...bed.base, topics: bed.topics });
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    [replies, facts, dlq] = await Promise.all([bed.record(bed.topics.replies), bed.record(bed.topics.events), bed.record(dlqTopicOf(bed.topics.commands))]);
  });
  afterAll(async () => {
    await app?.close();
    await bed?.cleanup();
  });

  const createProduct = (body: unknown) => sendJson(`${url}/products`, 'POST', body);
  const stock = (sku: string) => jsonOf(fetch(`${url}/products/${sku}`));
  const send = (...envelopes: Envelope[]) =>
    sendRaw(
      bed.topics.commands,
      envelopes.map((e) => ({ key: (e.data as { orderId: string }).orderId, value: JSON.stringify(e.data), headers: headersOf(e) })),
    );
  const repliesFor = (orderId: string) => replies.messages.filter((m) => m.key === orderId);

  describe('HTTP', () => {
    it('describes its API at /docs-json from the schemas that validate it', async () => {
      type Doc = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> }; parameters?: unknown[] }>> };
      const doc = await jsonOf<Doc>(fetch(`${url}/docs-json`));
      expect(doc.paths['/products'].post.requestBody?.content['application/json'].schema).toMatchObject({
        required: ['sku', 'name', 'priceCents', 'quantity'],
        properties: { priceCents: { type: 'integer' } },
      });
      expect(doc.paths['/products/{sku}/restock'].post.parameters).toEqual([expect.objectContaining({ name: 'sku', in: 'path' })]);
    });

    it('is live and ready (PostgreSQL and Kafka answer), and serves metrics', async () => {
      expect(await jsonOf(fetch(`${url}/health/live`))).toEqual({ status: 'up' });
      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await jsonOf(ready)).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, kafka: { status: 'up' } } });
      expect((await fetch(`${url}/metrics`)).status).toBe(200);
    });

    it('creates a product (201), refuses the same SKU again (409), reads and restocks it', async () => {
      const created = await createProduct({ sku: 'MUG', name: 'Mug', priceCents: 1250, quantity: 10 });
      expect(created.status).toBe(201);
      expect(await jsonOf(created)).toEqual({ sku: 'MUG', name: 'Mug', priceCents: 1250, available: 10, reserved: 0, committed: 0 });

      const again = await createProduct({ sku: 'MUG', name: 'Mug', priceCents: 1250, quantity: 10 });
      expect(again.status).toBe(409);
      expect(again.headers.get('content-type')).toContain('application/problem+json');

      const restocked = await sendJson(`${url}/products/MUG/restock`, 'POST', { quantity: 5 });
      expect(restocked.status).toBe(200);
      expect(await jsonOf(restocked)).toMatchObject({ available: 15 });
      expect(await stock('MUG')).toMatchObject({ sku: 'MUG', available: 15 });
      await waitUntil('the ProductCreated and ProductRestocked facts', () => facts.messages.filter((m) => m.key === 'MUG').length === 2);
    });

    it('answers 400 naming the field for bad input, and 404 for an unknown SKU', async () => {
      const bad = await createProduct({ sku: 'X', name: 'X', priceCents: 100, quantity: -1 });
      expect(bad.status).toBe(400);
      expect((await jsonOf<{ errors: { field: string }[] }>(bad)).errors.map((e) => e.field)).toEqual(['quantity']);
      const zero = await sendJson(`${url}/products/MUG/restock`, 'POST', { quantity: 0 });
      expect(zero.status).toBe(400);
      const unknown = await fetch(`${url}/products/NOPE`);
      expect(unknown.status).toBe(404);
      expect((await sendJson(`${url}/products/NOPE/restock`, 'POST', { quantity: 1 })).status).toBe(404);
    });
  });

  describe('saga commands', () => {
    beforeAll(async () => {
      await createProduct({ sku: 'TEA', name: 'Tea', priceCents: 400, quantity: 5 });
      await createProduct({ sku: 'POT', name: 'Pot', priceCents: 2500, quantity: 1 });
    });

    it('reserves an order: events appended, a StockReserved reply and an InventoryReserved fact out', async () => {
      const command = envelopeOf(
        Commands.ReserveStock,
        {
          orderId: 'o-1',
          lines: [
            { sku: 'TEA', quantity: 2 },
            { sku: 'POT', quantity: 1 },
          ],
        },
        { correlationId: 'o-1' },
      );
      await send(command);
      await waitUntil('the reply', () => repliesFor('o-1').length === 1);
      const [reply] = repliesFor('o-1');
      expect(reply.headers).toMatchObject({ type: 'StockReserved', 'correlation-id': 'o-1', 'causation-id': command.messageId });
      expect(reply.value).toEqual({
        orderId: 'o-1',
        lines: [
          { sku: 'TEA', quantity: 2, unitPriceCents: 400 },
          { sku: 'POT', quantity: 1, unitPriceCents: 2500 },
        ],
        totalCents: 3300,
      });
      await waitUntil('the fact', () => facts.messages.some((m) => m.key === 'o-1' && m.headers['type'] === 'InventoryReserved'));
      expect(await stock('TEA')).toMatchObject({ available: 3, reserved: 2 });
      expect(await stock('POT')).toMatchObject({ available: 0, reserved: 1 });
    });

    it('has one effect and one reply when the same command is delivered twice', async () => {
      const command = envelopeOf(Commands.ReserveStock, { orderId: 'o-2', lines: [{ sku: 'TEA', quantity: 1 }] }, { correlationId: 'o-2' });
      await send(command, command);
      await waitUntil('the reply', () => repliesFor('o-2').length === 1);
      await new Promise((r) => setTimeout(r, 500));
      expect(repliesFor('o-2')).toHaveLength(1);
      expect(await stock('TEA')).toMatchObject({ available: 2, reserved: 3 });
    });

    it('answers a repeated command (a new message id) with the same reply and no second effect', async () => {
      const again = envelopeOf(Commands.ReserveStock, { orderId: 'o-2', lines: [{ sku: 'TEA', quantity: 1 }] }, { correlationId: 'o-2' });
      await send(again);
      await waitUntil('a second reply', () => repliesFor('o-2').length === 2);
      const [first, second] = repliesFor('o-2');
      expect(second.value).toEqual(first.value);
      expect(await stock('TEA')).toMatchObject({ available: 2, reserved: 3 });
    });

    it('refuses an order it cannot serve in full with StockReservationFailed naming the SKU', async () => {
      await send(
        envelopeOf(
          Commands.ReserveStock,
          {
            orderId: 'o-3',
            lines: [
              { sku: 'TEA', quantity: 1 },
              { sku: 'POT', quantity: 1 },
            ],
          },
          { correlationId: 'o-3' },
        ),
      );
      await waitUntil('the reply', () => repliesFor('o-3').length === 1);
      expect(repliesFor('o-3')[0]).toMatchObject({ headers: { type: 'StockReservationFailed' }, value: { orderId: 'o-3', sku: 'POT' } });
      expect(await stock('TEA')).toMatchObject({ available: 2 });
    });

    it('releases and commits, replying each time', async () => {
      await send(envelopeOf(Commands.ReleaseStock, { orderId: 'o-2', reason: 'payment declined' }, { correlationId: 'o-2' }));
      await send(envelopeOf(Commands.CommitStock, { orderId: 'o-1' }, { correlationId: 'o-1' }));
      await waitUntil('StockReleased', () => repliesFor('o-2').some((m) => m.headers['type'] === 'StockReleased'));
      await waitUntil('StockCommitted', () => repliesFor('o-1').some((m) => m.headers['type'] === 'StockCommitted'));
      expect(await stock('TEA')).toMatchObject({ available: 3, reserved: 0, committed: 2 });
      expect(await stock('POT')).toMatchObject({ available: 0, reserved: 0, committed: 1 });
    });

    it('dead-letters a malformed command and keeps serving the ones behind it', async () => {
      const good = envelopeOf(Commands.ReserveStock, { orderId: 'o-4', lines: [{ sku: 'TEA', quantity: 1 }] }, { correlationId: 'o-4' });
      const malformed = { ...good, messageId: 'bad-1', data: { orderId: 'o-4', lines: [{ sku: 'TEA', quantity: -3 }] } };
      await sendRaw(bed.topics.commands, [
        { key: 'o-4', value: JSON.stringify(malformed.data), headers: headersOf(malformed) },
        { key: 'o-4', value: 'not json at all', headers: headersOf({ ...good, messageId: 'bad-2' }) },
        { key: 'o-4', value: JSON.stringify(good.data), headers: headersOf(good) },
      ]);
      await waitUntil('the good reply', () => repliesFor('o-4').length === 1);
      await waitUntil('two dead letters', () => dlq.messages.length === 2);
      expect(dlq.messages.map((m) => m.headers['message-id']).sort()).toEqual(['bad-1', 'bad-2']);
      expect(dlq.messages.find((m) => m.headers['message-id'] === 'bad-1')?.headers['dlq-error']).toMatch(/lines\.0\.quantity/);
    });
  });
});
