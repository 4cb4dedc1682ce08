import { DomainError } from '@eventshop/event-store';
import { deciderSpec } from '@eventshop/testing';
import type { OrderEvent } from './order';
import { orderDecider } from './order.decide';

const spec = deciderSpec(orderDecider);
const orderId = 'o-1';
const address = { name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
const placed: OrderEvent = { type: 'OrderPlaced', data: { orderId, customerId: 'c-1', lines: [{ sku: 'MUG', quantity: 2 }], shippingAddress: address } };
const priced: OrderEvent = { type: 'OrderPriced', data: { orderId, lines: [{ sku: 'MUG', quantity: 2, unitPriceCents: 500 }], totalCents: 1000 } };

const completed: OrderEvent = { type: 'OrderCompleted', data: { orderId } };
const compensationFailed: OrderEvent = { type: 'OrderCompensationFailed', data: { orderId, reason: 'refund never answered' } };
const place = { type: 'PlaceOrder' as const, orderId, customerId: 'c-1', lines: [{ sku: 'MUG', quantity: 2 }], shippingAddress: address };

describe('order decider', () => {
  describe('when nothing happened yet', () => {
    it('places the order', () => spec.given([]).when(place).then([placed]));

    it('refuses any other command for an order that does not exist', () =>
      spec
        .given([])
        .when({ type: 'CompleteOrder', orderId })
        .thenThrows(DomainError, (e) => e.code === 'not-found' && /no order o-1/.test(e.message)));
  });

  describe('when placed (PENDING)', () => {
    it('refuses placing it again', () =>
      spec
        .given([placed])
        .when({ ...place, lines: [] })
        .thenThrows(DomainError, (e) => e.code === 'conflict' && /exists already/.test(e.message)));

    it('is priced when its stock is reserved', () =>
      spec.given([placed]).when({ type: 'PriceOrder', orderId, lines: priced.data.lines, totalCents: 1000 }).then([priced]));

    it('is compensated with the reason', () =>
      spec
        .given([placed])
        .when({ type: 'CompensateOrder', orderId, reason: 'out of stock' })
        .then([{ type: 'OrderCompensated', data: { orderId, reason: 'out of stock' } }]));

    it('records a failed compensation', () =>
      spec.given([placed]).when({ type: 'FailCompensation', orderId, reason: 'refund never answered' }).then([compensationFailed]));
  });

  describe('when priced', () => {
    it('is priced only once', () => spec.given([placed, priced]).when({ type: 'PriceOrder', orderId, lines: [], totalCents: 1 }).thenNothingHappened());

    it('completes', () => spec.given([placed, priced]).when({ type: 'CompleteOrder', orderId }).then([completed]));
  });

  describe('when completed', () => {
    it('ignores a late compensation', () => spec.given([placed, completed]).when({ type: 'CompensateOrder', orderId, reason: 'late' }).thenNothingHappened());
  });

  describe('when compensated', () => {
    it('ignores a late completion', () =>
      spec
        .given([placed, { type: 'OrderCompensated', data: { orderId, reason: 'x' } }])
        .when({ type: 'CompleteOrder', orderId })
        .thenNothingHappened());
  });

  describe('when its compensation failed (COMPENSATION_FAILED)', () => {
    it('is compensated once an admin resume succeeds', () =>
      spec
        .given([placed, compensationFailed])
        .when({ type: 'CompensateOrder', orderId, reason: 'refunded on resume' })
        .then([{ type: 'OrderCompensated', data: { orderId, reason: 'refunded on resume' } }]));
  });
});
