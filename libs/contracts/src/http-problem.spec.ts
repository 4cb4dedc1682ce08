import { z } from 'zod';
import { validationProblem } from './http-problem';

describe('validationProblem', () => {
  it('names every offending field', () => {
    const result = z.object({ items: z.array(z.object({ quantity: z.number().positive() })), customerId: z.string() }).safeParse({ items: [{ quantity: 0 }] });
    if (result.success) throw new Error('expected a failure');
    const problem = validationProblem(result.error);
    expect(problem.status).toBe(400);
    expect(problem.errors?.map((e) => e.field)).toEqual(['items.0.quantity', 'customerId']);
  });
});
