// The request bodies of the public HTTP contract (ARCHITECTURE.md), validated field by field. The
// services that answer them and the gateway in front validate and document with the same schemas.
import { z } from 'zod';
import { cents, orderId, orderLine, quantity, shippingAddress, sku } from './order-flow/values';

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

/** GET /orders/:orderId on the read side: with a write's consistency token, answered once it includes that write. */
export const orderReadQuery = z.object({ consistencyToken: z.string().min(1).max(500).optional() });

/** GET /customers/:customerId/orders: filters and paging. */
export const customerOrdersFilter = z
  .object({
    status: z.enum(['PENDING', 'COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED']).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(500).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['to'] });

/** GET /payments: one customer's payments or one order's. */
export const paymentsFilter = z
  .object({ customerId: customerId.optional(), orderId: orderId.optional() })
  .refine((q) => (q.customerId === undefined) !== (q.orderId === undefined), {
    message: 'give a customerId or an orderId (one of them)',
    path: ['customerId'],
  });
