// The carrier behind its breaker: every call, bookings and cancellations alike, goes through it. A
// refusal is a business answer and never opens the breaker.
import type { ShippingAddress } from '@eventshop/contracts';
import type { Provider } from '@nestjs/common';
import type { Logger } from '@eventshop/observability';
import { Breaker, type BreakerPolicy } from '@eventshop/resilience';
import { SERVICE_LOGGER, ServiceInfrastructure } from '@eventshop/service-runtime';
import { BookingRefused, CancellationRefused, type Carrier } from '../../application/ports/carrier';
import { CARRIER, SHIPPING_CONFIG } from '../../application/tokens';
import type { ShippingConfig } from '../../config';
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

/** CARRIER for the module: the guarded carrier, its breaker in the metrics and at /breakers, shut down at stop. */
export const carrierProvider: Provider = {
  provide: CARRIER,
  inject: [SHIPPING_CONFIG, SERVICE_LOGGER, ServiceInfrastructure],
  useFactory: (config: ShippingConfig, logger: Logger, infrastructure: ServiceInfrastructure): Carrier => {
    const { carrier, breaker } = guardedCarrier(config.carrierUrl, { timeoutMs: config.carrierTimeoutMs, breakerPolicy: config.breakerPolicy, logger });
    infrastructure.watchBreakers([breaker]);
    infrastructure.onStop(() => breaker.shutdown());
    return carrier;
  },
};
