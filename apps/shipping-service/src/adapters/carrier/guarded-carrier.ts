// The carrier behind its breaker: every call, bookings and cancellations alike, goes through it. A
// refusal is a business answer and never opens the breaker.
import type { ShippingAddress } from '@eventshop/contracts';
import type { Logger } from '@eventshop/observability';
import { Breaker, type BreakerPolicy } from '@eventshop/resilience';
import { BookingRefused, CancellationRefused, type Carrier } from '../../application/ports/carrier';
import { HttpCarrier } from './http-carrier';

export function guardedCarrier(url: string, options: { timeoutMs: number; breakerPolicy?: Partial<BreakerPolicy>; logger: Logger }) {
  const client = new HttpCarrier(url, options.timeoutMs);
  const breaker = new Breaker<[() => Promise<unknown>], unknown>('carrier', (call) => call(), {
    policy: { timeoutMs: options.timeoutMs + 1_000, ...options.breakerPolicy },
    isBusinessError: (error) => error instanceof BookingRefused || error instanceof CancellationRefused,
    logger: options.logger,
  });
  const carrier: Carrier = {
    book: (orderId: string, address: ShippingAddress) => breaker.fire(() => client.book(orderId, address)) as Promise<{ trackingId: string }>,
    cancel: (orderId: string) => breaker.fire(() => client.cancel(orderId)) as Promise<void>,
  };
  return { carrier, breaker };
}
