// What a reader may ask, validated the same way whether it asks over HTTP or over gRPC: a wrong
// field is a 400 (INVALID_ARGUMENT) naming it, before any query runs.
import { customerId, orderId, sku } from '@eventshop/contracts';
import { z } from 'zod';

export const orderRequest = z.object({ orderId, consistencyToken: z.string().min(1).max(500).optional() });

export { customerId };

export const customerOrdersFilter = z
  .object({
    status: z.enum(['PENDING', 'COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED']).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(500).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['to'] });

export const productRequest = z.object({ sku });

export const paymentsFilter = z
  .object({ customerId: customerId.optional(), orderId: orderId.optional() })
  .refine((q) => (q.customerId === undefined) !== (q.orderId === undefined), {
    message: 'give a customerId or an orderId (one of them)',
    path: ['customerId'],
  });

/** A live stream's start: from the beginning (or after Last-Event-ID), or from now on. */
export const streamQuery = z.object({ from: z.enum(['start', 'now']).default('start') });
export type StreamQuery = z.infer<typeof streamQuery>;
