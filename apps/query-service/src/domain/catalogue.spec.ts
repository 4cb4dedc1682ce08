// The catalogue as a specification: given products, restocks and orders' holds — in any order, some
// twice — then each SKU's totals and availability.
import { availabilityOf, holdMoves, holdTotalsChange, type Hold, type HoldStatus } from './catalogue';

const mug = { sku: 'MUG', name: 'Mug', priceCents: 1250, createdQuantity: 10 };
const hold = (quantity: number, status: HoldStatus): Pick<Hold, 'quantity' | 'status'> => ({ quantity, status });

describe('the catalogue', () => {
  describe('availability', () => {
    it('is what was stocked less what orders hold or took', () =>
      expect(availabilityOf('MUG', mug, { restocked: 5, reserved: 2, committed: 3 })).toEqual({
        sku: 'MUG',
        name: 'Mug',
        priceCents: 1250,
        available: 10,
        reserved: 2,
        committed: 3,
      }));

    it('counts holds that arrive before the product was created (another partition)', () =>
      expect(availabilityOf('MUG', undefined, { restocked: 0, reserved: 2, committed: 0 })).toMatchObject({ available: -2, reserved: 2, name: undefined }));
  });

  describe('an order’s hold', () => {
    it('starts reserved', () => expect(holdMoves(undefined, 'reserved')).toBe(true));

    it('moves forward once: released or committed', () => {
      expect(holdMoves('reserved', 'released')).toBe(true);
      expect(holdMoves('reserved', 'committed')).toBe(true);
    });

    it('ignores a copy, and never moves back', () => {
      expect(holdMoves('reserved', 'reserved')).toBe(false);
      expect(holdMoves('committed', 'committed')).toBe(false);
      expect(holdMoves('released', 'reserved')).toBe(false);
      expect(holdMoves('committed', 'released')).toBe(false);
    });

    it('ignores a release or commit of a hold never reserved', () => expect(holdMoves(undefined, 'committed')).toBe(false));
  });

  describe('what a hold that moved changes in its SKU’s totals', () => {
    it('a new reservation adds to reserved', () => expect(holdTotalsChange(undefined, hold(2, 'reserved'))).toEqual({ reserved: 2, committed: 0 }));

    it('a commit moves what was reserved to committed', () =>
      expect(holdTotalsChange(hold(2, 'reserved'), hold(2, 'committed'))).toEqual({ reserved: -2, committed: 2 }));

    it('a release gives back what was reserved', () =>
      expect(holdTotalsChange(hold(3, 'reserved'), hold(3, 'released'))).toEqual({ reserved: -3, committed: 0 }));

    it('reserved and committed within one batch counts as committed only', () =>
      expect(holdTotalsChange(undefined, hold(4, 'committed'))).toEqual({ reserved: 0, committed: 4 }));

    it('takes back what the stored hold counted, even when the fact now names another quantity', () =>
      expect(holdTotalsChange(hold(2, 'reserved'), hold(5, 'committed'))).toEqual({ reserved: -2, committed: 5 }));
  });
});
