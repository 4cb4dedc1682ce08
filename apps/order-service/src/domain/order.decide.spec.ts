import { deciderSpec } from '@eventshop/testing';
import type { OrderEvent } from './order';
import { orderDecider } from './order.decide';

const spec = deciderSpec(orderDecider);
const orderId = 'o-1';
const address = { name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
const placed: OrderEvent = { type: 'OrderPlaced', data: { orderId, customerId: 'c-1', lines: [{ sku: 'MUG', quantity: 2 }], shippingAddress: address } };
const priced: OrderEvent = { type: 'OrderPriced', data: { orderId, lines: [{ sku: 'MUG', quantity: 2, unitPriceCents: 500 }], totalCents: 1000 } };

describe('order decider', () => {
  it('places an order once', () => {
    spec
      .given([])
      .when({ type: 'PlaceOrder', orderId, customerId: 'c-1', lines: [{ sku: 'MUG', quantity: 2 }], shippingAddress: address })
      .then([placed]);
    spec
      .given([placed])
      .when({ type: 'PlaceOrder', orderId, customerId: 'c-1', lines: [], shippingAddress: address })
      .thenThrows(/exists already/);
  });

  it('is priced once, when its stock is reserved', () => {
    spec.given([placed]).when({ type: 'PriceOrder', orderId, lines: priced.data.lines, totalCents: 1000 }).then([priced]);
    spec.given([placed, priced]).when({ type: 'PriceOrder', orderId, lines: [], totalCents: 1 }).thenNothingHappened();
  });

  it('completes or is compensated once; a late ending changes nothing', () => {
    spec
      .given([placed, priced])
      .when({ type: 'CompleteOrder', orderId })
      .then([{ type: 'OrderCompleted', data: { orderId } }]);
    spec
      .given([placed])
      .when({ type: 'CompensateOrder', orderId, reason: 'out of stock' })
      .then([{ type: 'OrderCompensated', data: { orderId, reason: 'out of stock' } }]);
    spec
      .given([placed, { type: 'OrderCompleted', data: { orderId } }])
      .when({ type: 'CompensateOrder', orderId, reason: 'late' })
      .thenNothingHappened();
    spec
      .given([placed, { type: 'OrderCompensated', data: { orderId, reason: 'x' } }])
      .when({ type: 'CompleteOrder', orderId })
      .thenNothingHappened();
  });

  it('records a failed compensation, and a compensation that succeeds after an admin resume', () => {
    const failed: OrderEvent = { type: 'OrderCompensationFailed', data: { orderId, reason: 'refund never answered' } };
    spec.given([placed]).when({ type: 'FailCompensation', orderId, reason: 'refund never answered' }).then([failed]);
    spec
      .given([placed, failed])
      .when({ type: 'CompensateOrder', orderId, reason: 'refunded on resume' })
      .then([{ type: 'OrderCompensated', data: { orderId, reason: 'refunded on resume' } }]);
  });

  it('refuses commands for an order that does not exist', () =>
    spec
      .given([])
      .when({ type: 'CompleteOrder', orderId })
      .thenThrows(/no order o-1/));
});
