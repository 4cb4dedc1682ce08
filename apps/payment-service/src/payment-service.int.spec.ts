// payment-service in-process against PostgreSQL, Kafka and two fake PSPs (primary and secondary):
// replies for every path, fallbacks in order, PENDING within the deadline, no double charge.
import { Commands, dlqTopicOf, envelopeOf, type Envelope } from '@eventshop/contracts';
import { headersOf } from '@eventshop/messaging';
import { jsonOf, sendJson, sendRaw, serviceTestBed, waitUntil, type ServiceTestBed, type TopicRecorder } from '@eventshop/testing';
import type { INestApplication } from '@nestjs/common';
import { createFakePsp, type PspLedger } from '@eventshop/fake-provider';
import { defaultPaymentTopics, type PaymentTopics } from './application/payment-topics';
import { startPaymentService } from './main';

describe('payment-service (PostgreSQL + Kafka + fake PSPs)', () => {
  let bed: ServiceTestBed<PaymentTopics>;
  let app: INestApplication;
  let url: string;
  let replies: TopicRecorder;
  let facts: TopicRecorder;
  let dlq: TopicRecorder;
  const psps: { url: string; close(): Promise<void> }[] = [];

  beforeAll(async () => {
    bed = await serviceTestBed('payment_service', defaultPaymentTopics);
    psps.push(await createFakePsp('psp-primary').listen(0), await createFakePsp('psp-secondary').listen(0));
    app = await startPaymentService({
      ...bed.base,
      topics: bed.topics,
      providers: [
        { name: 'psp-primary', url: psps[0].url },
        { name: 'psp-secondary', url: psps[1].url },
      ],
      chargeDeadlineMs: 1_500,
      providerTimeoutMs: 1_000,
      breakerPolicy: { minimumCalls: 3, openDurationMs: 300 },
    });
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    [replies, facts, dlq] = await Promise.all([bed.record(bed.topics.replies), bed.record(bed.topics.events), bed.record(dlqTopicOf(bed.topics.commands))]);
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all(psps.map((p) => p.close()));
    await bed?.cleanup();
  });
  beforeEach(() => Promise.all(psps.map((p) => fetch(`${p.url}/admin/reset`, { method: 'POST' }))));

  const [primary, secondary] = [0, 1];
  const ledger = (which: number) => jsonOf<PspLedger>(fetch(`${psps[which].url}/ledger`));
  const faults = (which: number, body: unknown) => sendJson(`${psps[which].url}/admin/faults`, 'PUT', body);
  const send = (...envelopes: Envelope[]) =>
    sendRaw(
      bed.topics.commands,
      envelopes.map((e) => ({ key: (e.data as { orderId: string }).orderId, value: JSON.stringify(e.data), headers: headersOf(e) })),
    );
  const pay = (orderId: string, paymentToken = 'tok_ok', amountCents = 2500) =>
    envelopeOf(Commands.ProcessPayment, { orderId, customerId: 'c-1', amountCents, paymentToken }, { correlationId: orderId });
  const refund = (orderId: string) => envelopeOf(Commands.RefundPayment, { orderId, reason: 'compensating' }, { correlationId: orderId });
  const repliesFor = (orderId: string) => replies.messages.filter((m) => m.key === orderId);
  const replyTypes = (orderId: string) => repliesFor(orderId).map((m) => m.headers['type']);

  it('charges tok_ok with the primary and replies PaymentProcessed', async () => {
    await send(pay('p-1'));
    await waitUntil('the reply', () => repliesFor('p-1').length === 1);
    expect(repliesFor('p-1')[0]).toMatchObject({ headers: { type: 'PaymentProcessed' }, value: { orderId: 'p-1', amountCents: 2500 } });
    expect((await ledger(primary)).charges).toEqual([{ orderId: 'p-1', amountCents: 2500, idempotencyKey: 'charge-p-1' }]);
    await waitUntil('the PaymentCharged fact', () => facts.messages.some((m) => m.key === 'p-1' && m.headers['type'] === 'PaymentCharged'));
    const view = await jsonOf(fetch(`${url}/payments/p-1`));
    expect(view).toMatchObject({ orderId: 'p-1', status: 'charged', provider: 'psp-primary' });
    expect((await fetch(`${url}/payments/nope`)).status).toBe(404);
  });

  it('records a charge answered at once in the transaction of its request', async () => {
    await send(pay('p-once'));
    await waitUntil('the reply', () => repliesFor('p-once').length === 1);
    const { rows } = await bed.db.pool.query<{ type: string; tx_id: string }>(
      `SELECT type, tx_id::text FROM events WHERE stream_id = 'payment-p-once' ORDER BY stream_version`,
    );
    expect(rows.map((r) => r.type)).toEqual(['PaymentRequested', 'PaymentCharged']);
    expect(rows[1].tx_id).toBe(rows[0].tx_id);
  });

  it('declines tok_decline without asking the secondary, and replies PaymentFailed', async () => {
    await send(pay('p-2', 'tok_decline'));
    await waitUntil('the reply', () => repliesFor('p-2').length === 1);
    expect(repliesFor('p-2')[0]).toMatchObject({ headers: { type: 'PaymentFailed' }, value: { reason: 'declined: card declined' } });
    expect((await ledger(primary)).charges).toEqual([]);
    expect((await ledger(secondary)).charges).toEqual([]);
  });

  it('charges once however often the command is delivered, and answers a repeat with the same reply', async () => {
    const command = pay('p-3');
    await send(command, command); // a redelivery: absorbed by the inbox
    await waitUntil('the reply', () => repliesFor('p-3').length === 1);
    await send(pay('p-3')); // the saga asking again (a new message id): answered from the payment's state
    await waitUntil('the repeated reply', () => repliesFor('p-3').length === 2);
    expect(repliesFor('p-3')[1].value).toEqual(repliesFor('p-3')[0].value);
    expect(replyTypes('p-3')).toEqual(['PaymentProcessed', 'PaymentProcessed']);
    expect((await ledger(primary)).charges.filter((c) => c.orderId === 'p-3')).toHaveLength(1);
  });

  it('refunds a charge once, and a refund before the charge voids it', async () => {
    await send(refund('p-3'), refund('p-3'));
    await waitUntil('a refund reply', () => replyTypes('p-3').includes('PaymentRefunded'));
    await new Promise((r) => setTimeout(r, 300));
    expect((await ledger(primary)).refunds).toEqual([{ orderId: 'p-3', amountCents: 2500 }]);

    await send(refund('p-4'));
    await waitUntil('the refund reply', () => repliesFor('p-4').length === 1);
    expect(repliesFor('p-4')[0]).toMatchObject({ headers: { type: 'PaymentRefunded' }, value: { amountCents: 0 } });
    await send(pay('p-4'));
    await waitUntil('the late payment refused', () => repliesFor('p-4').length === 2);
    expect(repliesFor('p-4')[1]).toMatchObject({ headers: { type: 'PaymentFailed' }, value: { reason: 'the payment was cancelled before it was taken' } });
    expect((await ledger(primary)).charges.filter((c) => c.orderId === 'p-4')).toEqual([]);
  });

  it('falls back to the secondary while the primary is down', async () => {
    await faults(primary, { errorRate: 1 });
    for (let i = 0; i < 4; i++) await send(pay(`p-7-${i}`));
    await waitUntil('four replies', () => [0, 1, 2, 3].every((i) => repliesFor(`p-7-${i}`).length === 1), { timeoutMs: 10_000 });
    expect((await ledger(secondary)).charges.map((c) => c.orderId).sort()).toEqual(['p-7-0', 'p-7-1', 'p-7-2', 'p-7-3']);
    expect((await ledger(primary)).charges).toEqual([]);
  });

  it('refunds automatically a charge that lands after the refund', async () => {
    // Both providers slow: whichever charges, the refund arrives while the charge is in flight. It waits
    // behind the command of the charge (one order's commands share a partition) and refunds it.
    await Promise.all([faults(primary, { latencyMs: 800 }), faults(secondary, { latencyMs: 800 })]);
    await send(pay('p-10'));
    await new Promise((r) => setTimeout(r, 300));
    await send(refund('p-10'));
    const both = async () => [...(await Promise.all([ledger(primary), ledger(secondary)]))];
    await waitUntil('the automatic refund at the provider', async () => (await both()).some((l) => l.refunds.some((r) => r.orderId === 'p-10')), {
      timeoutMs: 10_000,
    });
    // The provider has refunded before the service records it and replies: the reply follows shortly.
    await waitUntil('both replies', () => ['PaymentProcessed', 'PaymentRefunded'].every((type) => replyTypes('p-10').includes(type)));
    const [a, b] = await both();
    expect([...a.charges, ...b.charges].filter((c) => c.orderId === 'p-10')).toHaveLength(1);
    expect([...a.refunds, ...b.refunds].filter((r) => r.orderId === 'p-10')).toEqual([{ orderId: 'p-10', amountCents: 2500 }]);
    expect(replyTypes('p-10').filter((type) => type === 'PaymentRefunded')).toHaveLength(1);
  });

  it('shows the breakers in /metrics and at /breakers', async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/eventshop_breaker_state\{breaker="psp:psp-primary"\} [012]/);
    expect(text).toMatch(/eventshop_breaker_state\{breaker="psp:psp-secondary"\} [012]/);
    const { breakers } = await jsonOf<{ breakers: { name: string; state: string; calls: number }[] }>(fetch(`${url}/breakers`));
    expect(breakers.map((b) => b.name)).toEqual(['psp:psp-primary', 'psp:psp-secondary']);
    expect(breakers.every((b) => ['closed', 'open', 'half-open'].includes(b.state) && b.calls >= 0)).toBe(true);
  });

  it('keeps a payment PENDING while both providers are down and charges when one comes back in time', async () => {
    await faults(primary, { errorRate: 1 });
    await faults(secondary, { errorRate: 1 });
    await send(pay('p-5'));
    await new Promise((r) => setTimeout(r, 500));
    expect(repliesFor('p-5')).toEqual([]);
    expect(await jsonOf(fetch(`${url}/payments/p-5`))).toMatchObject({ status: 'requested' });
    await faults(secondary, { errorRate: 0 });
    await waitUntil('the charge by the secondary', () => repliesFor('p-5').length === 1);
    expect(replyTypes('p-5')).toEqual(['PaymentProcessed']);
    expect((await ledger(secondary)).charges.map((c) => c.orderId)).toEqual(['p-5']);
  });

  it('fails clearly when no provider can act before the charge deadline', async () => {
    await faults(primary, { errorRate: 1 });
    await faults(secondary, { errorRate: 1 });
    await send(pay('p-6'));
    await waitUntil('the failure', () => repliesFor('p-6').length === 1, { timeoutMs: 10_000 });
    expect(repliesFor('p-6')[0]).toMatchObject({
      headers: { type: 'PaymentFailed' },
      value: { reason: expect.stringMatching(/^payment providers unavailable/) },
    });
  });

  it('dead-letters a malformed command', async () => {
    const bad = { ...pay('p-8'), messageId: 'bad-pay', data: { orderId: 'p-8', amountCents: -1 } };
    await sendRaw(bed.topics.commands, [{ key: 'p-8', value: JSON.stringify(bad.data), headers: headersOf(bad) }]);
    await waitUntil('the dead letter', () => dlq.messages.some((m) => m.headers['message-id'] === 'bad-pay'));
  });
});
