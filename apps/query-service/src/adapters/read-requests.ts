// What a reader may ask beyond the public contract's filters (libs/contracts http-requests), validated
// the same way over HTTP and gRPC: a wrong field is a 400 (INVALID_ARGUMENT) naming it.
import { orderId, orderReadQuery, sku } from '@eventshop/contracts';
import { z } from 'zod';

export const orderRequest = orderReadQuery.extend({ orderId });

export const productRequest = z.object({ sku });

/** A live stream's start: from the beginning (or after Last-Event-ID), or from now on. */
export const streamQuery = z.object({ from: z.enum(['start', 'now']).default('start') });
export type StreamQuery = z.infer<typeof streamQuery>;
