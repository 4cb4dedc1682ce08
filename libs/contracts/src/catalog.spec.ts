import { ContractViolation, envelopeOf, Facts, orderFlowCatalog, Replies, Topics } from './index';

describe('orderFlowCatalog', () => {
  it('parses a valid saga command', () => {
    const parsed = orderFlowCatalog.parse(Topics.inventoryCommands, {
      type: 'ReserveStock',
      schemaVersion: 1,
      data: { orderId: 'o-1', lines: [{ sku: 'SKU-1', quantity: 2 }] },
    });
    expect(parsed.data).toEqual({ orderId: 'o-1', lines: [{ sku: 'SKU-1', quantity: 2 }] });
  });

  it('upcasts ProductCreated v1 (decimal price) to v2 (integer cents)', () => {
    const parsed = orderFlowCatalog.parse(Topics.inventoryEvents, {
      type: 'ProductCreated',
      schemaVersion: 1,
      data: { sku: 'SKU-1', name: 'Mug', price: 12.99, quantity: 5 },
    });
    expect(parsed).toEqual({
      type: 'ProductCreated',
      schemaVersion: 2,
      data: { sku: 'SKU-1', name: 'Mug', priceCents: 1299, quantity: 5 },
    });
    expect(orderFlowCatalog.currentVersionOf(Topics.inventoryEvents, 'ProductCreated')).toBe(2);
  });

  it("carries the order saga's timeline on order.events: a transition's steps with their attempts, a long saga reason, no unknown kind", () => {
    const progressed = (...progress: object[]) =>
      orderFlowCatalog.parse(Topics.orderEvents, { type: 'OrderSagaProgressed', schemaVersion: 2, data: { orderId: 'o-1', progress } });
    const answered = progressed(
      { sequence: 3, kind: 'StepSucceeded', step: 'reserveStock' },
      { sequence: 4, kind: 'StepStarted', step: 'processPayment', attempt: 1 },
    );
    expect(answered.data).toMatchObject({ progress: [{ sequence: 3 }, { sequence: 4, attempt: 1 }] });
    const parked = { sequence: 9, kind: 'SagaParked', step: 'requestShipping', reason: `requestShipping cannot be undone: ${'x'.repeat(500)}` };
    expect(progressed(parked).data).toMatchObject({ progress: [{ kind: 'SagaParked' }] });
    expect(() => progressed({ sequence: 1, kind: 'SagaExploded' })).toThrow(ContractViolation);
    expect(() => progressed({ sequence: 0, kind: 'SagaStarted' })).toThrow(ContractViolation);
    expect(() => progressed()).toThrow(/progress/);
  });

  it('reads a v1 saga progress fact (one saga event each) as a transition of one', () => {
    const v1 = { orderId: 'o-1', sequence: 2, kind: 'StepStarted', step: 'reserveStock', attempt: 1 };
    const read = orderFlowCatalog.parse(Topics.orderEvents, { type: 'OrderSagaProgressed', schemaVersion: 1, data: v1 });
    expect(read).toEqual({
      type: 'OrderSagaProgressed',
      schemaVersion: 2,
      data: { orderId: 'o-1', progress: [{ sequence: 2, kind: 'StepStarted', step: 'reserveStock', attempt: 1 }] },
    });
    expect(() => orderFlowCatalog.parse(Topics.orderEvents, { type: 'OrderSagaProgressed', schemaVersion: 1, data: { ...v1, sequence: 0 } })).toThrow(
      /progress\.0\.sequence/,
    );
  });

  it('names the offending field of an invalid payload', () => {
    const attempt = () =>
      orderFlowCatalog.parse(Topics.inventoryCommands, {
        type: 'ReserveStock',
        schemaVersion: 1,
        data: { orderId: 'o-1', lines: [{ sku: 'SKU-1', quantity: 0 }] },
      });
    expect(attempt).toThrow(ContractViolation);
    expect(attempt).toThrow(/lines\.0\.quantity/);
  });

  it('rejects a type that does not travel on the topic', () => {
    expect(() => orderFlowCatalog.parse(Topics.paymentCommands, { type: 'ReserveStock', schemaVersion: 1, data: {} })).toThrow(
      /unknown message type ReserveStock on payment.commands/,
    );
  });

  it('rejects a version from the future as a contract violation', () => {
    expect(() => orderFlowCatalog.parse(Topics.sagaReplies, { type: 'StockReleased', schemaVersion: 9, data: { orderId: 'o' } })).toThrow(ContractViolation);
  });

  it('builds outgoing envelopes at the current version, and refuses invalid outgoing data', () => {
    const envelope = envelopeOf(Facts.ProductCreated, { sku: 'MUG', name: 'Mug', priceCents: 1250, quantity: 3 }, { correlationId: 'product-MUG' });
    expect(envelope).toMatchObject({ type: 'ProductCreated', schemaVersion: 2, correlationId: 'product-MUG' });
    expect(() => envelopeOf(Replies.StockReleased, { orderId: '' }, { correlationId: 'o' })).toThrow(/outgoing StockReleased is invalid: orderId/);
  });

  it('covers every topic of the order flow', () => {
    expect(orderFlowCatalog.topics().sort()).toEqual(Object.values(Topics).sort());
  });
});
