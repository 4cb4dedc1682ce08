// The facts a busy shop publishes, in the real envelope and on the real topics' keys: products first,
// then orders' histories — mostly completed, some compensated (out of stock, declined, refused by the
// carrier) — with many orders in flight at once, so their facts interleave on the topics as they do
// when the services run. Used to fill the topics for a rebuild and to drive the steady load.
import { envelopeOf, Facts, type Envelope, type MessageDefinition } from '@eventshop/contracts';
import type { z } from 'zod';

export type FactTopic = 'orderEvents' | 'inventoryEvents' | 'paymentEvents' | 'shippingEvents';

export interface ShopFact {
  topic: FactTopic;
  key: string;
  envelope: Envelope;
}

export const benchSkus = Array.from({ length: 10 }, (_, i) => `BENCH-${i}`);
const address = { name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' };

const fact = <D extends MessageDefinition>(topic: FactTopic, definition: D, key: string, data: z.input<D['schema']>): ShopFact => ({
  topic,
  key,
  envelope: envelopeOf(definition, data, { correlationId: key }) as Envelope,
});

/** The facts of order `i`, in the order the services record them (as thunks: each envelope is made when its turn comes). */
function orderHistory(runId: string, i: number): (() => ShopFact)[] {
  const orderId = `${runId}-${i}`;
  const sku = benchSkus[i % benchSkus.length];
  const quantity = 1 + (i % 3);
  const totalCents = 1250 * quantity;
  const lines = [{ sku, quantity }];
  const priced = [{ sku, quantity, unitPriceCents: 1250 }];
  let sequence = 0;
  type SagaKind = z.input<typeof Facts.OrderSagaProgressed.schema>['progress'][number]['kind'];
  type SagaEvent = [SagaKind, { step?: string; attempt?: number; reason?: string }?];
  /** One saga transition: its saga events in one fact, as the order service publishes them. */
  const saga =
    (...events: SagaEvent[]) =>
    () =>
      fact('orderEvents', Facts.OrderSagaProgressed, orderId, { orderId, progress: events.map(([kind, more]) => ({ sequence: ++sequence, kind, ...more })) });
  const order =
    <D extends MessageDefinition>(definition: D, data: z.input<D['schema']>) =>
    () =>
      fact('orderEvents', definition, orderId, data);
  const on =
    <D extends MessageDefinition>(topic: FactTopic, definition: D, data: z.input<D['schema']>) =>
    () =>
      fact(topic, definition, orderId, data);

  const placed = [
    order(Facts.OrderPlaced, { orderId, customerId: `customer-${i % 1000}`, lines, shippingAddress: address }),
    saga(['SagaStarted'], ['StepStarted', { step: 'reserveStock', attempt: 1 }]),
  ];
  const path = i % 20;
  if (path === 3) {
    const reason = `out of stock: ${sku}`;
    return [
      ...placed,
      saga(['StepFailed', { step: 'reserveStock', reason }], ['SagaCompensated', { reason }]),
      order(Facts.OrderCompensated, { orderId, reason }),
    ];
  }
  const reserved = [
    on('inventoryEvents', Facts.InventoryReserved, { orderId, lines: priced }),
    saga(['StepSucceeded', { step: 'reserveStock' }], ['StepStarted', { step: 'processPayment', attempt: 1 }]),
    order(Facts.OrderPriced, { orderId, lines: priced, totalCents }),
  ];
  // The stock's release answered: the saga compensated (the next transition's events join this one's).
  const releaseStock = (...then: SagaEvent[]) => [
    on('inventoryEvents', Facts.InventoryReleased, { orderId, lines }),
    saga(['StepCompensated', { step: 'reserveStock' }], ...then),
  ];
  if (path === 7) {
    const reason = 'card declined';
    return [
      ...placed,
      ...reserved,
      on('paymentEvents', Facts.PaymentDeclined, { orderId, amountCents: totalCents, reason }),
      saga(['StepFailed', { step: 'processPayment', reason }], ['CompensationStarted', { step: 'reserveStock' }]),
      ...releaseStock(['SagaCompensated', { reason }]),
      order(Facts.OrderCompensated, { orderId, reason }),
    ];
  }
  const charged = [
    on('paymentEvents', Facts.PaymentCharged, { orderId, amountCents: totalCents, provider: 'psp-primary', providerReference: `ch-${orderId}` }),
    saga(['StepSucceeded', { step: 'processPayment' }], ['StepStarted', { step: 'requestShipping', attempt: 1 }]),
  ];
  if (path === 11) {
    const reason = 'the carrier does not deliver to AQ';
    return [
      ...placed,
      ...reserved,
      ...charged,
      on('shippingEvents', Facts.ShipmentRefused, { orderId, reason }),
      saga(['StepFailed', { step: 'requestShipping', reason }], ['CompensationStarted', { step: 'processPayment' }]),
      on('paymentEvents', Facts.PaymentRefundIssued, { orderId, amountCents: totalCents }),
      saga(['StepCompensated', { step: 'processPayment' }], ['CompensationStarted', { step: 'reserveStock' }]),
      ...releaseStock(['SagaCompensated', { reason }]),
      order(Facts.OrderCompensated, { orderId, reason }),
    ];
  }
  return [
    ...placed,
    ...reserved,
    ...charged,
    on('shippingEvents', Facts.ShipmentBooked, { orderId, trackingId: `trk-${orderId}`, address }),
    saga(['StepSucceeded', { step: 'requestShipping' }], ['StepStarted', { step: 'commitStock', attempt: 1 }]),
    on('inventoryEvents', Facts.InventoryCommitted, { orderId, lines }),
    saga(['StepSucceeded', { step: 'commitStock' }], ['SagaCompleted']),
    order(Facts.OrderCompleted, { orderId, totalCents }),
  ];
}

/** The products, then orders' facts with `inFlight` orders interleaved, until `total` facts (whole orders, so it may end a little past). */
export function* shopFacts(runId: string, total: number, inFlight = 50): Generator<ShopFact> {
  let emitted = 0;
  for (const sku of benchSkus) {
    yield fact('inventoryEvents', Facts.ProductCreated, sku, { sku, name: `Bench item ${sku}`, priceCents: 1250, quantity: 10_000_000 });
    emitted++;
  }
  const open: (() => ShopFact)[][] = [];
  let next = 0;
  while (emitted < total || open.length > 0) {
    while (open.length < inFlight && emitted < total) {
      const history = orderHistory(runId, next++);
      open.push(history);
      emitted += history.length;
    }
    for (let o = 0; o < open.length; o++) {
      const [next, ...rest] = open[o];
      yield next();
      if (rest.length > 0) open[o] = rest;
      else open.splice(o--, 1);
    }
  }
}
