// The public POST /orders body (the contract in ARCHITECTURE.md), validated field by field.
import { orderLine, shippingAddress } from '@eventshop/contracts';
import { z } from 'zod';

export const placeOrderBody = z.object({
  customerId: z.string().trim().min(1).max(100),
  items: z
    .array(orderLine)
    .min(1, 'an order needs at least one item')
    .max(50, 'at most 50 items per order')
    .refine((items) => new Set(items.map((i) => i.sku)).size === items.length, 'each SKU at most once'),
  payment: z.object({ token: z.string().min(1).max(200) }),
  shippingAddress,
});

export type PlaceOrderBody = z.infer<typeof placeOrderBody>;

export const idempotencyKey = z
  .string({ error: (issue) => (issue.input === undefined ? 'the Idempotency-Key header is required' : 'the Idempotency-Key header must be text') })
  .trim()
  .min(1, 'the Idempotency-Key header is required')
  .max(200, 'the Idempotency-Key header is too long (at most 200 characters)');
