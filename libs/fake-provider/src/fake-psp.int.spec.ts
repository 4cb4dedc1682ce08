import { jsonOf, sendJson } from '@eventshop/testing';
import { createFakePsp, type PspLedger } from './fake-psp';

describe('fake-psp over HTTP', () => {
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ url, close } = await createFakePsp().listen(0));
  });
  afterAll(() => close());
  beforeEach(() => fetch(`${url}/admin/reset`, { method: 'POST' }));

  const post = (path: string, body: unknown) => sendJson(`${url}${path}`, 'POST', body);
  const put = (path: string, body: unknown) => sendJson(`${url}${path}`, 'PUT', body);
  const ledger = () => jsonOf<PspLedger>(fetch(`${url}/ledger`));
  const charge = (overrides: Record<string, unknown> = {}) =>
    post('/charges', { orderId: 'o-1', amountCents: 1250, token: 'tok_ok', idempotencyKey: 'pay-o-1', ...overrides });

  it('charges tok_ok and records it in the ledger', async () => {
    const answer = await charge();
    expect(answer.status).toBe(201);
    expect(await jsonOf(answer)).toMatchObject({ status: 'charged', chargeId: expect.stringMatching(/^ch_/) });
    expect(await ledger()).toEqual({ charges: [{ orderId: 'o-1', amountCents: 1250, idempotencyKey: 'pay-o-1' }], refunds: [] });
  });

  it('declines tok_decline with 402 and moves no money', async () => {
    const answer = await charge({ token: 'tok_decline' });
    expect(answer.status).toBe(402);
    expect(await jsonOf(answer)).toEqual({ status: 'declined', reason: 'card declined' });
    expect((await ledger()).charges).toEqual([]);
  });

  it('answers a retried charge with the first answer and charges once', async () => {
    const first = await (await charge()).json();
    const again = await charge();
    expect(again.status).toBe(201);
    expect(await jsonOf(again)).toEqual(first);
    expect((await ledger()).charges).toHaveLength(1);
  });

  it('refunds idempotently', async () => {
    await charge();
    await post('/refunds', { orderId: 'o-1', amountCents: 1250, idempotencyKey: 'refund-o-1' });
    await post('/refunds', { orderId: 'o-1', amountCents: 1250, idempotencyKey: 'refund-o-1' });
    expect((await ledger()).refunds).toEqual([{ orderId: 'o-1', amountCents: 1250 }]);
  });

  it('declines amounts over a limit set by rule', async () => {
    await put('/admin/rules', { declineOverCents: 1000 });
    expect((await charge()).status).toBe(402);
    expect((await charge({ amountCents: 999, idempotencyKey: 'small' })).status).toBe(201);
  });

  it('plays an outage, an error rate and latency, and recovers on reset', async () => {
    const now = Date.now();
    await put('/admin/faults', { outages: [{ startsAt: new Date(now - 1000).toISOString(), endsAt: new Date(now + 60_000).toISOString() }] });
    const down = await charge();
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toBe('application/problem+json');
    expect((await ledger()).charges).toEqual([]);

    await put('/admin/faults', { errorRate: 1 });
    expect((await charge()).status).toBe(503);

    await put('/admin/faults', { latencyMs: 150 });
    const started = performance.now();
    expect((await charge()).status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);

    await fetch(`${url}/admin/reset`, { method: 'POST' });
    expect(await jsonOf(fetch(`${url}/admin/faults`))).toEqual({ latencyMs: 0, errorRate: 0, outages: [] });
    expect((await charge({ idempotencyKey: 'after-reset' })).status).toBe(201);
  });

  it('answers 400 naming the field for a bad request, and for bad faults', async () => {
    const bad = await charge({ amountCents: -5 });
    expect(bad.status).toBe(400);
    expect((await jsonOf(bad)).errors).toEqual([{ field: 'amountCents', message: expect.any(String) }]);
    const badFaults = await put('/admin/faults', { errorRate: 2 });
    expect(badFaults.status).toBe(400);
    const notJson = await fetch(`${url}/charges`, { method: 'POST', body: '{oops' });
    expect(notJson.status).toBe(400);
  });
});
