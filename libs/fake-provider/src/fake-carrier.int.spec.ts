import { jsonOf, sendJson } from '@eventshop/testing';
import { createFakeCarrier, type CarrierLedger } from './fake-carrier';

describe('fake-carrier over HTTP', () => {
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ url, close } = await createFakeCarrier().listen(0));
  });
  afterAll(() => close());
  beforeEach(() => fetch(`${url}/admin/reset`, { method: 'POST' }));

  const post = (path: string, body?: unknown) => sendJson(`${url}${path}`, 'POST', body);
  const address = (country = 'DE') => ({ name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country });
  const ledger = () => jsonOf<CarrierLedger>(fetch(`${url}/ledger`));

  it('books a shipment once per order', async () => {
    const first = await post('/bookings', { orderId: 'o-1', address: address() });
    expect(first.status).toBe(201);
    const { trackingId } = await jsonOf(first);
    const again = await post('/bookings', { orderId: 'o-1', address: address() });
    expect((await jsonOf(again)).trackingId).toBe(trackingId);
    expect(await ledger()).toEqual({ bookings: [{ orderId: 'o-1' }], cancellations: [] });
  });

  it('refuses country AQ', async () => {
    const answer = await post('/bookings', { orderId: 'o-2', address: address('AQ') });
    expect(answer.status).toBe(422);
    expect(await jsonOf(answer)).toEqual({ status: 'refused', reason: 'we do not ship to AQ' });
    expect((await ledger()).bookings).toEqual([]);
  });

  it('refuses every booking while the refuseAll rule is on', async () => {
    const rules = await sendJson(`${url}/admin/rules`, 'PUT', { refuseAll: true });
    expect(await jsonOf(rules)).toEqual({ refusedCountries: ['AQ'], refuseAll: true });
    const answer = await post('/bookings', { orderId: 'o-5', address: address() });
    expect(answer.status).toBe(422);
    expect((await jsonOf(answer)).reason).toBe('the carrier takes no bookings for now');
    await fetch(`${url}/admin/reset`, { method: 'POST' });
    expect((await jsonOf(fetch(`${url}/admin/rules`))).refuseAll).toBe(false);
    expect((await post('/bookings', { orderId: 'o-5', address: address() })).status).toBe(201);
  });

  it('cancels idempotently, but not after hand-over', async () => {
    await post('/bookings', { orderId: 'o-3', address: address() });
    expect((await post('/bookings/o-3/cancel')).status).toBe(200);
    expect((await post('/bookings/o-3/cancel')).status).toBe(200);
    expect((await ledger()).cancellations).toEqual([{ orderId: 'o-3' }]);

    await post('/bookings', { orderId: 'o-4', address: address() });
    expect((await post('/admin/bookings/o-4/hand-over')).status).toBe(204);
    const refused = await post('/bookings/o-4/cancel');
    expect(refused.status).toBe(409);
    expect((await jsonOf(refused)).reason).toBe('the shipment was already handed over');
  });

  it('answers 404 for cancelling an order it never booked', async () => {
    expect((await post('/bookings/never/cancel')).status).toBe(404);
  });
});
