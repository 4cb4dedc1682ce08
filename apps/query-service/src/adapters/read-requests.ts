// What a reader may ask, validated the same way whether it asks over HTTP or over gRPC: a wrong
// field is a 400 (INVALID_ARGUMENT) naming it, before any query runs.
import { customerId, customerOrdersFilter, orderId, orderReadQuery, paymentsFilter, sku } from '@eventshop/contracts';
import { z } from 'zod';

export const orderRequest = orderReadQuery.extend({ orderId });

export { customerId, customerOrdersFilter, paymentsFilter };

export const productRequest = z.object({ sku });

/** A live stream's start: from the beginning (or after Last-Event-ID), or from now on. */
export const streamQuery = z.object({ from: z.enum(['start', 'now']).default('start') });
export type StreamQuery = z.infer<typeof streamQuery>;
