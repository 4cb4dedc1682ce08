// At-least-once delivery taken literally: every command and every reply arrives a second time, some
// copies long after the original was handled, while orders take every path — and malformed messages
// land on each topic. Each order ends as it would have, nothing happens twice, and the dead-letter
// topics hold exactly the malformed messages.
import { Topics } from '@eventshop/contracts';
import { consumerLag, duplicateEveryMessage, recordTopic, sendRaw, waitUntil, type Duplicator } from '@eventshop/testing';
import { settledInvariants, ShopClient, startStack, type Stack } from '@eventshop/stack';

const conversationTopics = [Topics.inventoryCommands, Topics.paymentCommands, Topics.shippingCommands, Topics.sagaReplies];

describe('every command and reply delivered twice', () => {
  let stack: Stack;
  let shop: ShopClient;
  let duplicator: Duplicator;
  const stocked = [
    { sku: 'MUG', stocked: 20 },
    { sku: 'RARE', stocked: 1 },
  ];
  const topic = (name: string) => `${stack.topicPrefix}${name}`;
  beforeAll(async () => {
    stack = await startStack();
    shop = new ShopClient(stack);
    for (const { sku, stocked: quantity } of stocked) await shop.addProduct(sku, quantity);
    duplicator = await duplicateEveryMessage(conversationTopics.map(topic), { maxDelayMs: 1_500 });
  }, 120_000);
  afterAll(async () => {
    await duplicator?.stop().catch(() => undefined);
    await stack?.stop();
  }, 60_000);

  it('ends every path as it would have, with one charge, one refund and one booking at most', async () => {
    const cases = [
      { key: 'twice-ok-1', request: {}, status: 'COMPLETED', charges: 1, refunds: 0, bookings: 1 },
      { key: 'twice-ok-2', request: { items: [{ sku: 'MUG', quantity: 3 }] }, status: 'COMPLETED', charges: 1, refunds: 0, bookings: 1 },
      { key: 'twice-out-of-stock', request: { items: [{ sku: 'RARE', quantity: 2 }] }, status: 'COMPENSATED', charges: 0, refunds: 0, bookings: 0 },
      { key: 'twice-declined', request: { token: 'tok_decline' }, status: 'COMPENSATED', charges: 0, refunds: 0, bookings: 0 },
      { key: 'twice-refused', request: { country: 'AQ' }, status: 'COMPENSATED', charges: 1, refunds: 1, bookings: 0 },
    ];
    const ids = await Promise.all(cases.map((c) => shop.place(c.key, c.request)));
    const ended = await Promise.all(ids.map((id) => shop.ended(id)));
    expect(ended.map((o) => o.status)).toEqual(cases.map((c) => c.status));
    // Let the late copies arrive and be handled before counting effects.
    await duplicator.stop();
    await waitUntil('every consumer caught up with the copies', async () => (await consumerLag(stack.topicPrefix)) === 0);
    const [money, carrier] = await Promise.all([shop.ledger('psp-primary'), shop.carrierLedger()]);
    const effects = ids.map((id) => ({
      charges: money.charges.filter((c) => c.orderId === id).length,
      refunds: money.refunds.filter((r) => r.orderId === id).length,
      bookings: carrier.bookings.filter((b) => b.orderId === id).length,
    }));
    expect(effects).toEqual(cases.map(({ charges, refunds, bookings }) => ({ charges, refunds, bookings })));
    // Each saga step the orders went through shows once: duplicates changed no saga.
    for (const order of ended) {
      const started = order.steps.filter((s) => s.event === 'StepStarted').map((s) => s.step);
      expect(new Set(started).size).toBe(started.length);
    }
    expect(duplicator.duplicated).toBeGreaterThanOrEqual(4 * 2 * 2); // two completed orders alone: 4 commands + 4 replies each
  });

  it('sends a malformed message on each topic to its DLQ while the orders keep flowing', async () => {
    const dlqs = await Promise.all(conversationTopics.map((t) => recordTopic(`${topic(t)}.dlq`)));
    try {
      await Promise.all(
        conversationTopics.map((t) => sendRaw(topic(t), [{ key: 'poison', value: '{"this is": not json', headers: { 'message-id': `poison-${t}` } }])),
      );
      const id = await shop.place('twice-after-poison');
      expect((await shop.ended(id)).status).toBe('COMPLETED');
      await waitUntil('the malformed messages dead-lettered', () => dlqs.every((d) => d.messages.length > 0));
      expect(dlqs.map((d) => d.messages.map((m) => m.key))).toEqual(conversationTopics.map(() => ['poison']));
      // A dead letter needs a person: the service says so — degraded, still ready — and its metrics say for how long.
      const ready = await fetch(`${stack.urls.inventory}/health/ready`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { info: Record<string, { status: string; degraded?: string }> }).info['dead-letters']).toEqual({
        status: 'up',
        degraded: expect.stringMatching(/^dead letters waiting: .*inventory\.commands\.dlq 1/),
      });
      const metrics = await (await fetch(`${stack.urls.inventory}/metrics`)).text();
      const oldestAge = Number(/^eventshop_dlq_oldest_age_seconds\{topic="[^"]*inventory\.commands\.dlq"\} (\S+)$/m.exec(metrics)?.[1]);
      expect(oldestAge).toBeGreaterThanOrEqual(0);
      expect(oldestAge).toBeLessThan(120); // dead-lettered moments ago
      expect(metrics).toMatch(/^eventshop_dlq_messages\{topic="[^"]*inventory\.commands\.dlq"\} 1$/m);
    } finally {
      await Promise.all(dlqs.map((d) => d.stop()));
    }
  });

  it('ends with every invariant holding, the DLQs holding only the injected messages', async () => {
    const expectedDeadLetters = Object.fromEntries(conversationTopics.map((t) => [`${t}.dlq`, 1]));
    const results = await settledInvariants(stack, shop, stocked, { terminalWithinMs: 30_000, expectedDeadLetters });
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });
});
