// Value shapes shared by the order flow's messages. Money is integer cents; ids are strings.
import { z } from 'zod';

export const orderId = z.string().min(1).max(100);
export const sku = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'a SKU is 1-64 letters, digits, _ or -');
export const cents = z.number().int().nonnegative().max(100_000_000_00);
export const quantity = z.number().int().positive().max(10_000);

export const orderLine = z.object({ sku, quantity });
export const pricedLine = orderLine.extend({ unitPriceCents: cents });

export const shippingAddress = z.object({
  name: z.string().min(1).max(200),
  line1: z.string().min(1).max(200),
  city: z.string().min(1).max(100),
  postalCode: z.string().min(1).max(20),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code'),
});

export const reason = z.string().min(1).max(500);

export type OrderLine = z.infer<typeof orderLine>;
export type PricedLine = z.infer<typeof pricedLine>;
export type ShippingAddress = z.infer<typeof shippingAddress>;
