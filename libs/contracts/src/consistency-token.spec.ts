import { consistencyPointOf, consistencyTokenOf } from './consistency-token';
import { ContractViolation } from './message-catalog';

describe('consistency tokens', () => {
  it('name the order and how far its saga had got', () =>
    expect(consistencyPointOf(consistencyTokenOf({ orderId: 'o-1', sagaSequence: 2 }))).toEqual({ orderId: 'o-1', sagaSequence: 2 }));

  it('refuse anything not given out, naming the field', () => {
    for (const token of ['', 'v1.', 'v1.bm9wZQ', 'v2.W10', consistencyTokenOf({ orderId: 'o-1', sagaSequence: 2 }).slice(0, -3)]) {
      expect(() => consistencyPointOf(token)).toThrow(ContractViolation);
    }
    try {
      consistencyPointOf('nope', 'consistencyToken');
    } catch (error) {
      expect((error as ContractViolation).issues).toEqual([{ path: 'consistencyToken', message: 'not a consistency token this API gave out' }]);
    }
  });
});
