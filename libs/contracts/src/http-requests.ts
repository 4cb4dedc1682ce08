// The request bodies of the public HTTP contract (ARCHITECTURE.md), validated field by field. The
// services that answer them and the gateway in front validate and document with the same schemas.
import { z } from 'zod';
import { cents, orderLine, quantity, shippingAddress, sku } from './order-flow/values';

export const customerId = z.string().trim().min(1).max(100);

/** POST /orders */
export const placeOrderBody = z.object({
  customerId,
  items: z
    .array(orderLine)
    .min(1, 'an order needs at least one item')
    .max(50, 'at most 50 items per order')
    .refine((items) => new Set(items.map((i) => i.sku)).size === items.length, 'each SKU at most once'),
  payment: z.object({ token: z.string().min(1).max(200) }),
  shippingAddress,
});

export type PlaceOrderBody = z.infer<typeof placeOrderBody>;

/** The Idempotency-Key header of POST /orders. */
export const idempotencyKey = z
  .string({ error: (issue) => (issue.input === undefined ? 'the Idempotency-Key header is required' : 'the Idempotency-Key header must be text') })
  .trim()
  .min(1, 'the Idempotency-Key header is required')
  .max(200, 'the Idempotency-Key header is too long (at most 200 characters)');

/** POST /products */
export const createProductBody = z.object({
  sku,
  name: z.string().trim().min(1).max(200),
  priceCents: cents,
  quantity: z.number().int().min(0).max(1_000_000),
});

/** POST /products/:sku/restock */
export const restockBody = z.object({ quantity });
