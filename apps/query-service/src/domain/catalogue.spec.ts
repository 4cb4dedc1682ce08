// The catalogue as a specification: given products, restocks and orders' holds — in any order, some
// twice — then each SKU's availability from its totals, and how a hold may move.
import { availabilityOf, holdMoves } from './catalogue';

const mug = { sku: 'MUG', name: 'Mug', priceCents: 1250, createdQuantity: 10 };

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
});
