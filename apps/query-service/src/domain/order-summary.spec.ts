// The order views as specifications: given an order's facts — from three topics, in any relative
// order — then its summary and its timeline. Each topic keeps its own order per order id, so every
// interleaving that keeps those orders is tried.
import type { TimedOrderFact } from './order-facts';
import { emptyOrderSummary, evolveOrderSummary, type OrderSummary } from './order-summary';
import { compareTimelineEntries, timelineEntriesOf } from './order-timeline';

const orderId = 'o-1';
const address = { name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
let clock = 0;
const at = () => new Date(Date.UTC(2026, 10, 25, 12, 0, 0, ++clock * 10)).toISOString();
let offset = 0;
const fact = (type: TimedOrderFact['type'], data: object): TimedOrderFact =>
  ({ type, data: { orderId, ...data }, occurredAt: at(), position: ++offset }) as TimedOrderFact;
const step = (sequence: number, kind: string, more: object = {}) => ({ sequence, kind, ...more });
/** What one saga transition records: its saga events, in one fact. */
const transition = (...progress: ReturnType<typeof step>[]) => fact('OrderSagaProgressed', { progress });
const progress = (sequence: number, kind: string, more: object = {}) => transition(step(sequence, kind, more));

/** Every interleaving of the given sequences that keeps each sequence's own order. */
function interleavings<T>(sequences: T[][]): T[][] {
  const live = sequences.filter((s) => s.length > 0);
  if (live.length === 0) return [[]];
  return live.flatMap((sequence, i) => interleavings(live.map((s, j) => (j === i ? s.slice(1) : s))).map((rest) => [sequence[0], ...rest]));
}

const project = (facts: TimedOrderFact[]) => {
  const summary = facts.reduce(evolveOrderSummary, emptyOrderSummary(orderId));
  const timeline = facts.flatMap(timelineEntriesOf).sort(compareTimelineEntries);
  return { summary, timeline };
};

describe('the order views', () => {
  describe('when an order completes', () => {
    const orderFacts = [
      fact('OrderPlaced', { customerId: 'c-1', lines: [{ sku: 'MUG', quantity: 2 }], shippingAddress: address }),
      transition(step(1, 'SagaStarted'), step(2, 'StepStarted', { step: 'reserveStock', attempt: 1 })),
      transition(step(3, 'StepSucceeded', { step: 'reserveStock' }), step(4, 'StepStarted', { step: 'processPayment', attempt: 1 })),
      fact('OrderPriced', { lines: [{ sku: 'MUG', quantity: 2, unitPriceCents: 1250 }], totalCents: 2500 }),
      transition(step(5, 'StepSucceeded', { step: 'processPayment' }), step(6, 'SagaCompleted')),
      fact('OrderCompleted', { totalCents: 2500 }),
    ];
    const paymentFacts = [fact('PaymentCharged', { amountCents: 2500, provider: 'psp-primary', providerReference: 'ch_1' })];
    const shippingFacts = [fact('ShipmentBooked', { trackingId: 'trk_1', address })];

    const expected: OrderSummary = {
      orderId,
      customerId: 'c-1',
      status: 'COMPLETED',
      items: [{ sku: 'MUG', quantity: 2, unitPriceCents: 1250 }],
      totalCents: 2500,
      payment: { status: 'charged', amountCents: 2500, provider: 'psp-primary', providerReference: 'ch_1', refundedCents: 0 },
      shipment: { status: 'booked', trackingId: 'trk_1' },
      placedAt: orderFacts[0].occurredAt,
      lastEventAt: shippingFacts[0].occurredAt,
    };

    it('shows the order completed, priced, charged and booked', () =>
      expect(project([...orderFacts, ...paymentFacts, ...shippingFacts]).summary).toEqual(expected));

    it('ends the same whatever order the three topics are read in', () => {
      const all = interleavings([orderFacts, paymentFacts, shippingFacts]);
      expect(all.length).toBe(56); // 8! / (6! 1! 1!)
      const first = project(all[0]);
      for (const facts of all) expect(project(facts)).toEqual(first);
    });

    it('lists the saga steps in the saga’s order, with the payment and the shipment where they happened', () =>
      expect(project([...shippingFacts, ...paymentFacts, ...orderFacts]).timeline.map((e) => `${e.source}:${e.kind}${e.step ? `:${e.step}` : ''}`)).toEqual([
        'order:OrderPlaced',
        'saga:SagaStarted',
        'saga:StepStarted:reserveStock',
        'saga:StepSucceeded:reserveStock',
        'saga:StepStarted:processPayment',
        'order:OrderPriced',
        'saga:StepSucceeded:processPayment',
        'saga:SagaCompleted',
        'order:OrderCompleted',
        'payment:PaymentCharged',
        'shipping:ShipmentBooked',
      ]));
  });

  describe('when an order is compensated', () => {
    const orderFacts = [
      fact('OrderPlaced', { customerId: 'c-2', lines: [{ sku: 'TEE', quantity: 1 }], shippingAddress: { ...address, country: 'AQ' } }),
      fact('OrderPriced', { lines: [{ sku: 'TEE', quantity: 1, unitPriceCents: 2400 }], totalCents: 2400 }),
      progress(7, 'StepFailed', { step: 'requestShipping', reason: 'we do not ship to AQ', outcomeUnknown: false }),
      progress(8, 'CompensationStarted', { step: 'processPayment', attempt: 1 }),
      fact('OrderCompensated', { reason: 'we do not ship to AQ' }),
    ];
    const paymentFacts = [
      fact('PaymentCharged', { amountCents: 2400, provider: 'psp-primary', providerReference: 'ch_2' }),
      fact('PaymentRefundIssued', { amountCents: 2400 }),
    ];
    const shippingFacts = [fact('ShipmentRefused', { reason: 'we do not ship to AQ' })];

    it('shows the reason, the refund and the refused shipment, whatever the interleaving', () => {
      const all = interleavings([orderFacts, paymentFacts, shippingFacts]);
      for (const facts of all) {
        expect(project(facts).summary).toMatchObject({
          status: 'COMPENSATED',
          failureReason: 'we do not ship to AQ',
          totalCents: 2400,
          payment: { status: 'charged', amountCents: 2400, refundedCents: 2400 },
          shipment: { status: 'refused', reason: 'we do not ship to AQ' },
        });
      }
    });

    it('changes nothing when a fact is published twice (the relay is at-least-once)', () => {
      const once = project([...orderFacts, ...paymentFacts, ...shippingFacts]);
      const twice = project([...orderFacts, ...paymentFacts, ...shippingFacts].flatMap((f) => [f, f]));
      expect(twice.summary).toEqual(once.summary);
      expect(new Set(twice.timeline.map((e) => JSON.stringify(e)))).toEqual(new Set(once.timeline.map((e) => JSON.stringify(e))));
    });

    it('keeps a failed step’s reason and a compensation’s attempt on the timeline', () =>
      expect(project(orderFacts).timeline.filter((e) => e.source === 'saga')).toEqual([
        expect.objectContaining({ kind: 'StepFailed', step: 'requestShipping', reason: 'we do not ship to AQ' }),
        expect.objectContaining({ kind: 'CompensationStarted', step: 'processPayment', attempt: 1 }),
      ]));
  });

  describe('when facts of one topic share a millisecond', () => {
    it('orders them by their place in the topic, not by name', () => {
      const sameMs = '2026-11-25T12:00:00.000Z';
      const inOneTransaction = [
        {
          ...transition(step(3, 'StepSucceeded', { step: 'reserveStock' }), step(4, 'StepStarted', { step: 'processPayment', attempt: 1 })),
          occurredAt: sameMs,
          position: 10,
        },
        { ...fact('OrderPriced', { lines: [{ sku: 'MUG', quantity: 1, unitPriceCents: 100 }], totalCents: 100 }), occurredAt: sameMs, position: 11 },
      ] as TimedOrderFact[];
      const later = [
        { ...transition(step(5, 'StepSucceeded', { step: 'processPayment' }), step(6, 'SagaCompleted')), occurredAt: sameMs, position: 12 },
        { ...fact('OrderCompleted', { totalCents: 100 }), occurredAt: sameMs, position: 13 },
      ] as TimedOrderFact[];
      expect(project([...later, ...inOneTransaction].reverse()).timeline.map((e) => e.kind)).toEqual([
        'StepSucceeded',
        'StepStarted', // after StepSucceeded: one fact's entries go by the saga's sequence, not by name
        'OrderPriced',
        'StepSucceeded',
        'SagaCompleted',
        'OrderCompleted',
      ]);
    });
  });

  describe('when the payment’s facts arrive before the order was placed', () => {
    it('keeps the payment and fills in the order when it comes', () => {
      const charged = fact('PaymentCharged', { amountCents: 900, provider: 'psp-secondary', providerReference: 'ch_3' });
      const early = project([charged]).summary;
      expect(early).toMatchObject({ orderId, payment: { status: 'charged', amountCents: 900 } });
      expect(early.status).toBeUndefined();
      const placed = fact('OrderPlaced', { customerId: 'c-3', lines: [{ sku: 'MUG', quantity: 1 }], shippingAddress: address });
      expect(project([charged, placed]).summary).toMatchObject({ status: 'PENDING', customerId: 'c-3', payment: { amountCents: 900 } });
    });
  });
});
