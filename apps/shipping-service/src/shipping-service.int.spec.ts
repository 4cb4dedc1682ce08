// shipping-service in-process against PostgreSQL, Kafka and the fake carrier.
import { Commands, dlqTopicOf, envelopeOf, type Envelope } from '@eventshop/contracts';
import { createFakeCarrier, type CarrierLedger } from '@eventshop/fake-provider';
import { headersOf } from '@eventshop/messaging';
import { jsonOf, sendJson, sendRaw, serviceTestBed, waitUntil, type ServiceTestBed, type TopicRecorder } from '@eventshop/testing';
import type { INestApplication } from '@nestjs/common';
import { defaultShippingTopics, type ShippingTopics } from './application/shipping-topics';
import { startShippingService } from './main';

describe('shipping-service (PostgreSQL + Kafka + fake carrier)', () => {
  let bed: ServiceTestBed<ShippingTopics>;
  let app: INestApplication;
  let url: string;
  let carrier: { url: string; close(): Promise<void> };
  let replies: TopicRecorder;
  let facts: TopicRecorder;
  let dlq: TopicRecorder;

  beforeAll(async () => {
    bed = await serviceTestBed('shipping_service', defaultShippingTopics);
    carrier = await createFakeCarrier().listen(0);
    app = await startShippingService({
      ...bed.base,
      topics: bed.topics,
      carrierUrl: carrier.url,
      bookingDeadlineMs: 1_500,
      carrierTimeoutMs: 1_000,
      breakerPolicy: { minimumCalls: 3, openDurationMs: 300 },
    });
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    [replies, facts, dlq] = await Promise.all([bed.record(bed.topics.replies), bed.record(bed.topics.events), bed.record(dlqTopicOf(bed.topics.commands))]);
  });
  afterAll(async () => {
    await app?.close();
    await carrier?.close();
    await bed?.cleanup();
  });
  beforeEach(() => fetch(`${carrier.url}/admin/reset`, { method: 'POST' }));

  const address = (country = 'DE') => ({ name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country });
  const ship = (orderId: string, country = 'DE') =>
    envelopeOf(
      Commands.RequestShipping,
      { orderId, address: address(country), lines: [{ sku: 'MUG', quantity: 1, unitPriceCents: 1250 }] },
      { correlationId: orderId },
    );
  const cancel = (orderId: string) => envelopeOf(Commands.CancelShipment, { orderId, reason: 'payment refunded' }, { correlationId: orderId });
  const send = (...envelopes: Envelope[]) =>
    sendRaw(
      bed.topics.commands,
      envelopes.map((e) => ({ key: (e.data as { orderId: string }).orderId, value: JSON.stringify(e.data), headers: headersOf(e) })),
    );
  const ledger = () => jsonOf<CarrierLedger>(fetch(`${carrier.url}/ledger`));
  const repliesFor = (orderId: string) => replies.messages.filter((m) => m.key === orderId);
  const replyTypes = (orderId: string) => repliesFor(orderId).map((m) => m.headers['type']);

  it('books a shipment and replies ShippingRequested with the tracking id', async () => {
    await send(ship('s-1'));
    await waitUntil('the reply', () => repliesFor('s-1').length === 1);
    expect(repliesFor('s-1')[0]).toMatchObject({
      headers: { type: 'ShippingRequested' },
      value: { orderId: 's-1', trackingId: expect.stringMatching(/^trk_/) },
    });
    expect((await ledger()).bookings).toEqual([{ orderId: 's-1' }]);
    await waitUntil('the ShipmentBooked fact', () => facts.messages.some((m) => m.key === 's-1' && m.headers['type'] === 'ShipmentBooked'));
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/eventshop_breaker_state\{breaker="carrier"\} 0/);
    expect(await jsonOf(fetch(`${url}/shipments/s-1`))).toMatchObject({ status: 'booked' });
    expect((await fetch(`${url}/shipments/none`)).status).toBe(404);
  });

  it('records a booking and a refusal answered at once in the transaction of their request', async () => {
    await send(ship('s-once'), ship('s-once-aq', 'AQ'));
    await waitUntil('both replies', () => repliesFor('s-once').length === 1 && repliesFor('s-once-aq').length === 1);
    const recorded = async (orderId: string) =>
      (
        await bed.db.pool.query<{ type: string; tx_id: string }>(`SELECT type, tx_id::text FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
          `shipment-${orderId}`,
        ])
      ).rows;
    for (const [orderId, answer] of [
      ['s-once', 'ShipmentBooked'],
      ['s-once-aq', 'ShipmentRefused'],
    ]) {
      const rows = await recorded(orderId);
      expect(rows.map((r) => r.type)).toEqual(['ShipmentRequested', answer]);
      expect(rows[1].tx_id).toBe(rows[0].tx_id);
    }
  });

  it('replies ShippingFailed when the carrier refuses country AQ', async () => {
    await send(ship('s-2', 'AQ'));
    await waitUntil('the reply', () => repliesFor('s-2').length === 1);
    expect(repliesFor('s-2')[0]).toMatchObject({ headers: { type: 'ShippingFailed' }, value: { reason: 'we do not ship to AQ' } });
  });

  it('books once however often the command is delivered', async () => {
    const command = ship('s-3');
    await send(command, command);
    await waitUntil('the reply', () => repliesFor('s-3').length === 1);
    await send(ship('s-3'));
    await waitUntil('the repeated reply', () => repliesFor('s-3').length === 2);
    expect(repliesFor('s-3')[1].value).toEqual(repliesFor('s-3')[0].value);
    expect((await ledger()).bookings).toEqual([{ orderId: 's-3' }]); // one booking for three deliveries
  });

  it('cancels a booking once; a cancel before the booking voids it', async () => {
    await send(ship('s-4'));
    await waitUntil('booked', () => repliesFor('s-4').length === 1);
    await send(cancel('s-4'), cancel('s-4'));
    await waitUntil('cancelled', () => replyTypes('s-4').includes('ShipmentCancelled'));
    await new Promise((r) => setTimeout(r, 300));
    expect((await ledger()).cancellations).toEqual([{ orderId: 's-4' }]);

    await send(cancel('s-5'));
    await waitUntil('the cancel reply', () => repliesFor('s-5').length === 1);
    await send(ship('s-5'));
    await waitUntil('the late request refused', () => repliesFor('s-5').length === 2);
    expect(replyTypes('s-5')).toEqual(['ShipmentCancelled', 'ShippingFailed']);
    expect((await ledger()).bookings.filter((b) => b.orderId === 's-5')).toEqual([]);
  });

  it('refuses to cancel a shipment already handed over, and says so', async () => {
    await send(ship('s-6'));
    await waitUntil('booked', () => repliesFor('s-6').length === 1);
    await fetch(`${carrier.url}/admin/bookings/s-6/hand-over`, { method: 'POST' });
    await send(cancel('s-6'));
    await waitUntil('the refusal', () => repliesFor('s-6').length === 2);
    expect(repliesFor('s-6')[1]).toMatchObject({ headers: { type: 'ShipmentCancellationRefused' }, value: { reason: 'the shipment was already handed over' } });
    await send(cancel('s-6'));
    await waitUntil('the refusal again', () => repliesFor('s-6').length === 3);
    expect(replyTypes('s-6')[2]).toBe('ShipmentCancellationRefused');
  });

  it('queues a booking while the carrier is down and books when it is back in time, or fails after the deadline', async () => {
    await sendJson(`${carrier.url}/admin/faults`, 'PUT', { errorRate: 1 });
    await send(ship('s-7'));
    await new Promise((r) => setTimeout(r, 400));
    expect(repliesFor('s-7')).toEqual([]);
    await sendJson(`${carrier.url}/admin/faults`, 'PUT', { errorRate: 0 });
    await waitUntil('booked after recovery', () => repliesFor('s-7').length === 1);
    expect(replyTypes('s-7')).toEqual(['ShippingRequested']);

    await sendJson(`${carrier.url}/admin/faults`, 'PUT', { errorRate: 1 });
    await send(ship('s-8'));
    await waitUntil('the failure', () => repliesFor('s-8').length === 1, { timeoutMs: 10_000 });
    expect(repliesFor('s-8')[0]).toMatchObject({ headers: { type: 'ShippingFailed' }, value: { reason: expect.stringMatching(/^carrier unavailable/) } });
  });

  it('dead-letters a malformed command', async () => {
    const bad = { ...ship('s-9'), messageId: 'bad-ship', data: { orderId: 's-9', address: { country: 'Germany' } } };
    await sendRaw(bed.topics.commands, [{ key: 's-9', value: JSON.stringify(bad.data), headers: headersOf(bad) }]);
    await waitUntil('the dead letter', () => dlq.messages.some((m) => m.headers['message-id'] === 'bad-ship'));
  });
});
