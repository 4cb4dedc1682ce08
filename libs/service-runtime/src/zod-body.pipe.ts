// Validates a request body (or params) with a zod schema; a failure becomes a 400 naming the fields.
import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    return this.schema.parse(value); // a ZodError is turned into problem+json by ProblemDetailsFilter
  }
}
