import { DomainError } from '@eventshop/event-store';
import { deciderSpec } from '@eventshop/testing';
import type { ProductEvent } from './product';
import { productDecider } from './product.decide';

const spec = deciderSpec(productDecider);

const created: ProductEvent = { type: 'ProductCreated', data: { sku: 'MUG', name: 'Mug', priceCents: 1250, quantity: 5 } };
const reserved = (orderId: string, quantity: number): ProductEvent => ({
  type: 'StockReserved',
  data: { sku: 'MUG', orderId, quantity, unitPriceCents: 1250 },
});
const released = (orderId: string, quantity: number): ProductEvent => ({ type: 'StockReleased', data: { sku: 'MUG', orderId, quantity } });
const committed = (orderId: string, quantity: number): ProductEvent => ({ type: 'StockCommitted', data: { sku: 'MUG', orderId, quantity } });
describe('product decider', () => {
  describe('when the SKU is unknown', () => {
    it('creates a product with its opening stock', () =>
      spec.given([]).when({ type: 'CreateProduct', sku: 'MUG', name: 'Mug', priceCents: 1250, quantity: 5 }).then([created]));
    it('refuses restocking an unknown product', () =>
      spec
        .given([])
        .when({ type: 'RestockProduct', sku: 'MUG', quantity: 3 })
        .thenThrows(/no product MUG/));
  });

  describe('when the product exists', () => {
    it('refuses creating a SKU that exists', () =>
      spec
        .given([created])
        .when({ type: 'CreateProduct', sku: 'MUG', name: 'Mug', priceCents: 1, quantity: 1 })
        .thenThrows(DomainError, (e) => e.code === 'conflict' && /already exists/.test(e.message)));
    it('restocks', () =>
      spec
        .given([created])
        .when({ type: 'RestockProduct', sku: 'MUG', quantity: 3 })
        .then([{ type: 'ProductRestocked', data: { sku: 'MUG', quantity: 3 } }]));
    it('reserves at the current price', () =>
      spec
        .given([created])
        .when({ type: 'ReserveStock', sku: 'MUG', orderId: 'o-1', quantity: 2 })
        .then([reserved('o-1', 2)]));
    it('refuses reserving more than is available', () =>
      spec
        .given([created, reserved('o-1', 4)])
        .when({ type: 'ReserveStock', sku: 'MUG', orderId: 'o-2', quantity: 2 })
        .thenThrows(/only 1 of MUG available, 2 wanted/));
  });

  describe('when an order holds stock', () => {
    it('releases what an order holds back to the shelf', () =>
      spec
        .given([created, reserved('o-1', 2)])
        .when({ type: 'ReleaseStock', sku: 'MUG', orderId: 'o-1', quantity: 2 })
        .then([released('o-1', 2)]));
    it('commits what an order holds: it leaves', () =>
      spec
        .given([created, reserved('o-1', 2)])
        .when({ type: 'CommitStock', sku: 'MUG', orderId: 'o-1', quantity: 2 })
        .then([committed('o-1', 2)]));
    it('never releases or commits more than is reserved', () => {
      spec
        .given([created, reserved('o-1', 2), committed('o-1', 2)])
        .when({ type: 'ReleaseStock', sku: 'MUG', orderId: 'o-1', quantity: 2 })
        .thenThrows(/only 0 of MUG reserved/);
      spec
        .given([created])
        .when({ type: 'CommitStock', sku: 'MUG', orderId: 'o-9', quantity: 1 })
        .thenThrows(/only 0 of MUG reserved, order o-9 holds 1/);
    });
  });

  describe('over any history', () => {
    it('keeps stock conserved: available + reserved + committed = everything ever stocked', () => {
      const state = [
        created,
        reserved('o-1', 2),
        reserved('o-2', 1),
        released('o-2', 1),
        committed('o-1', 2),
        { type: 'ProductRestocked', data: { sku: 'MUG', quantity: 4 } } as ProductEvent,
      ].reduce(productDecider.evolve, productDecider.initialState());
      expect(state.available + state.reserved + state.committed).toBe(9);
      expect(state).toMatchObject({ available: 7, reserved: 0, committed: 2 });
    });
  });
});
