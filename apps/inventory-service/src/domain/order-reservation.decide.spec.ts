import { evolveProduct, initialProductState, type ProductEvent, type ProductState } from './product';
import { evolveReservation, initialReservationState, type OrderReservationEvent } from './order-reservation';
import { decideReservation, skusTouchedBy } from './order-reservation.decide';

const product = (sku: string, quantity: number, priceCents = 100, more: ProductEvent[] = []): ProductState =>
  [{ type: 'ProductCreated', data: { sku, name: sku, priceCents, quantity } } as ProductEvent, ...more].reduce(evolveProduct, initialProductState());
const reservationAfter = (events: OrderReservationEvent[]) => events.reduce(evolveReservation, initialReservationState());
const reserve = {
  type: 'ReserveOrderStock' as const,
  orderId: 'o-1',
  lines: [
    { sku: 'A', quantity: 2 },
    { sku: 'B', quantity: 1 },
    { sku: 'A', quantity: 1 },
  ],
};
const reservedEvent: OrderReservationEvent = {
  type: 'OrderStockReserved',
  data: {
    orderId: 'o-1',
    lines: [
      { sku: 'A', quantity: 3, unitPriceCents: 100 },
      { sku: 'B', quantity: 1, unitPriceCents: 250 },
    ],
  },
};

describe('order reservation', () => {
  describe('when nothing was decided for the order', () => {
    it('reserves every line of the order, merging lines of one SKU, at current prices', () => {
      const decision = decideReservation(reserve, initialReservationState(), { A: product('A', 5), B: product('B', 1, 250) });
      expect(decision.reservation).toEqual([reservedEvent]);
      expect(decision.products).toEqual({
        A: [{ type: 'StockReserved', data: { sku: 'A', orderId: 'o-1', quantity: 3, unitPriceCents: 100 } }],
        B: [{ type: 'StockReserved', data: { sku: 'B', orderId: 'o-1', quantity: 1, unitPriceCents: 250 } }],
      });
    });
    it('reserves nothing when one line cannot be served, and records why', () => {
      const decision = decideReservation(reserve, initialReservationState(), { A: product('A', 5), B: product('B', 0) });
      expect(decision.products).toEqual({});
      expect(decision.reservation).toEqual([{ type: 'OrderStockRejected', data: { orderId: 'o-1', reason: 'only 0 of B available, 1 wanted', sku: 'B' } }]);
    });
    it('rejects an unknown product by name', () => {
      const decision = decideReservation(reserve, initialReservationState(), { A: product('A', 5) });
      expect(decision.reservation).toEqual([{ type: 'OrderStockRejected', data: { orderId: 'o-1', reason: 'no product B', sku: 'B' } }]);
    });
    it('voids a release that comes before the reservation, and then refuses the late reservation', () => {
      const release = decideReservation({ type: 'ReleaseOrderStock', orderId: 'o-1' }, initialReservationState(), {});
      expect(release.reservation).toEqual([{ type: 'OrderReservationVoided', data: { orderId: 'o-1' } }]);
      const late = decideReservation(reserve, reservationAfter(release.reservation), { A: product('A', 5), B: product('B', 1) });
      expect(late.products).toEqual({});
      expect(late.reservation[0]).toMatchObject({ type: 'OrderStockRejected', data: { reason: 'the order was cancelled before its stock was reserved' } });
    });
  });

  describe('when reserved', () => {
    it('decides a reservation once: a redelivered command changes nothing', () => {
      expect(decideReservation(reserve, reservationAfter([reservedEvent]), { A: product('A', 5), B: product('B', 1) })).toEqual({
        reservation: [],
        products: {},
      });
    });
    it('releases every line once', () => {
      const products = {
        A: product('A', 5, 100, [{ type: 'StockReserved', data: { sku: 'A', orderId: 'o-1', quantity: 3, unitPriceCents: 100 } }]),
        B: product('B', 1, 250, [{ type: 'StockReserved', data: { sku: 'B', orderId: 'o-1', quantity: 1, unitPriceCents: 250 } }]),
      };
      const release = decideReservation({ type: 'ReleaseOrderStock', orderId: 'o-1' }, reservationAfter([reservedEvent]), products);
      expect(release.reservation).toEqual([{ type: 'OrderStockReleased', data: { orderId: 'o-1' } }]);
      expect(Object.keys(release.products)).toEqual(['A', 'B']);
      const again = decideReservation({ type: 'ReleaseOrderStock', orderId: 'o-1' }, reservationAfter([reservedEvent, ...release.reservation]), products);
      expect(again).toEqual({ reservation: [], products: {} });
    });
    it('commits a reservation once, refuses committing without one, and refuses releasing after commit', () => {
      const products = {
        A: product('A', 5, 100, [{ type: 'StockReserved', data: { sku: 'A', orderId: 'o-1', quantity: 3, unitPriceCents: 100 } }]),
        B: product('B', 1, 250, [{ type: 'StockReserved', data: { sku: 'B', orderId: 'o-1', quantity: 1, unitPriceCents: 250 } }]),
      };
      const commit = decideReservation({ type: 'CommitOrderStock', orderId: 'o-1' }, reservationAfter([reservedEvent]), products);
      expect(commit.reservation).toEqual([{ type: 'OrderStockCommitted', data: { orderId: 'o-1' } }]);
      const committed = reservationAfter([reservedEvent, ...commit.reservation]);
      expect(decideReservation({ type: 'CommitOrderStock', orderId: 'o-1' }, committed, products)).toEqual({ reservation: [], products: {} });
      expect(() => decideReservation({ type: 'CommitOrderStock', orderId: 'o-2' }, initialReservationState(), {})).toThrow(/holds no reserved stock/);
      expect(() => decideReservation({ type: 'ReleaseOrderStock', orderId: 'o-1' }, committed, products)).toThrow(/already left/);
    });
  });

  describe('locking', () => {
    it('names the SKUs to lock, sorted and without repeats', () => {
      expect(skusTouchedBy(reserve, initialReservationState())).toEqual(['A', 'B']);
      expect(skusTouchedBy({ type: 'ReleaseOrderStock', orderId: 'o-1' }, reservationAfter([reservedEvent]))).toEqual(['A', 'B']);
    });
  });
});
