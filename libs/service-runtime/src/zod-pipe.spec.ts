import { ContractViolation } from '@eventshop/contracts';
import { z } from 'zod';
import { ZodPipe } from './zod.pipe';

const issuesOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractViolation);
    return (error as ContractViolation).issues;
  }
  throw new Error('expected a validation failure');
};

describe('ZodPipe', () => {
  it('passes valid input through, parsed', () => {
    expect(new ZodPipe(z.object({ quantity: z.coerce.number() })).transform({ quantity: '3' }, { type: 'body' })).toEqual({ quantity: 3 });
  });

  it("names a body's fields by their path, and the body itself when it is not an object", () => {
    const pipe = new ZodPipe(z.object({ items: z.array(z.object({ quantity: z.number().positive() })) }));
    expect(issuesOf(() => pipe.transform({ items: [{ quantity: 0 }] }, { type: 'body' })).map((i) => i.path)).toEqual(['items.0.quantity']);
    expect(issuesOf(() => pipe.transform('text', { type: 'body' })).map((i) => i.path)).toEqual(['(body)']);
  });

  it('names a path parameter by its name, not as the body', () => {
    const pipe = new ZodPipe(z.string().max(5));
    expect(issuesOf(() => pipe.transform('too-long-id', { type: 'param', data: 'orderId' })).map((i) => i.path)).toEqual(['orderId']);
  });
});
