// Validates a request's body, path parameter or query value with a zod schema. A failure becomes a
// 400 whose errors name the place that was wrong: the body's field (`items.0.quantity`), or the
// parameter itself (`orderId`) — never "(body)" for something that was not in the body.
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { ContractViolation } from '@eventshop/contracts';
import type { z } from 'zod';

export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(readonly schema: S) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const place = metadata?.type === 'body' || !metadata?.data ? undefined : metadata.data;
    const issues = result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      const field = place ? [place, path].filter(Boolean).join('.') : path || '(body)';
      return { path: field, message: issue.message };
    });
    throw new ContractViolation(`invalid ${place ?? 'request body'}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
}
