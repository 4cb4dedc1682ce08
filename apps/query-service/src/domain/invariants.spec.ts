import { judgeInvariants, moneyBreach, shipmentBreach, stockBreach, type SettledOrder } from './invariants';

describe('invariants across services', () => {
  const completed = (overrides: Partial<SettledOrder> = {}): SettledOrder => ({
    orderId: 'o-1',
    status: 'COMPLETED',
    items: [{ sku: 'MUG', quantity: 2 }],
    totalCents: 2500,
    payment: { status: 'charged', amountCents: 2500, refundedCents: 0 },
    shipment: { status: 'booked' },
    holds: [{ sku: 'MUG', quantity: 2, status: 'committed' }],
    ...overrides,
  });
  const compensated = (overrides: Partial<SettledOrder> = {}): SettledOrder => ({
    orderId: 'o-2',
    status: 'COMPENSATED',
    items: [{ sku: 'MUG', quantity: 1 }],
    totalCents: 1250,
    payment: { status: 'charged', amountCents: 1250, refundedCents: 1250 },
    shipment: { status: 'cancelled' },
    holds: [{ sku: 'MUG', quantity: 1, status: 'released' }],
    ...overrides,
  });

  it('holds for a completed order whose stock is committed, total charged and shipment booked', () => {
    expect([stockBreach(completed()), moneyBreach(completed()), shipmentBreach(completed())]).toEqual([undefined, undefined, undefined]);
  });

  it('holds for a compensated order that kept nothing: released, refunded or declined or never charged, cancelled or refused or never booked', () => {
    expect([stockBreach(compensated()), moneyBreach(compensated()), shipmentBreach(compensated())]).toEqual([undefined, undefined, undefined]);
    const refusedEarly = compensated({ payment: { status: 'declined', amountCents: 1250, refundedCents: 0 }, shipment: undefined, holds: [] });
    expect([stockBreach(refusedEarly), moneyBreach(refusedEarly), shipmentBreach(refusedEarly)]).toEqual([undefined, undefined, undefined]);
    expect(shipmentBreach(compensated({ shipment: { status: 'refused' } }))).toBeUndefined();
  });

  it('names a completed order whose stock is not committed, or committed in another quantity', () => {
    expect(stockBreach(completed({ holds: [{ sku: 'MUG', quantity: 2, status: 'reserved' }] }))).toBe('o-1: completed with 2 MUG ordered but 2 reserved');
    expect(stockBreach(completed({ holds: [{ sku: 'MUG', quantity: 1, status: 'committed' }] }))).toBe('o-1: completed with 2 MUG ordered but 1 committed');
    expect(stockBreach(completed({ holds: [] }))).toBe('o-1: completed with 2 MUG ordered but none held');
  });

  it('names a compensated order still holding stock, keeping money or with a shipment standing', () => {
    expect(stockBreach(compensated({ holds: [{ sku: 'MUG', quantity: 1, status: 'reserved' }] }))).toBe('o-2: compensated but 1 MUG reserved');
    expect(moneyBreach(compensated({ payment: { status: 'charged', amountCents: 1250, refundedCents: 0 } }))).toBe(
      'o-2: compensated with 1250 cents kept, 0 owed',
    );
    expect(shipmentBreach(compensated({ shipment: { status: 'booked' } }))).toBe('o-2: compensated with a shipment still booked');
  });

  it('names a completed order charged another amount, refunded, or never shipped', () => {
    expect(moneyBreach(completed({ payment: { status: 'charged', amountCents: 2500, refundedCents: 2500 } }))).toBe(
      'o-1: completed with 0 cents kept, 2500 owed',
    );
    expect(moneyBreach(completed({ payment: undefined }))).toBe('o-1: completed with 0 cents kept, 2500 owed');
    expect(shipmentBreach(completed({ shipment: undefined }))).toBe('o-1: completed with shipment none');
  });

  it('judges every order and the catalogue, counting every breach and naming the first ten', () => {
    const broken = Array.from({ length: 12 }, (_, i) => completed({ orderId: `o-${i}`, shipment: undefined }));
    const checks = judgeInvariants(
      [compensated(), ...broken],
      [
        { sku: 'MUG', available: 3 },
        { sku: 'LAST', available: -1 },
      ],
    );
    expect(checks.map((c) => [c.name, c.holds, c.breaches])).toEqual([
      ['stock', false, 1],
      ['money', true, 0],
      ['shipments', false, 12],
    ]);
    expect(checks[0].examples).toEqual(['LAST: oversold (available -1)']);
    expect(checks[2].examples).toHaveLength(10);
  });
});
