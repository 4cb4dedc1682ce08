// The configured providers (primary, then secondary), each behind a breaker of its own that guards
// every call to it, charges and refunds alike. A decline is a business answer: it never opens a breaker.
import type { Provider } from '@nestjs/common';
import type { Logger } from '@eventshop/observability';
import { Breaker, type BreakerPolicy } from '@eventshop/resilience';
import { SERVICE_LOGGER, ServiceInfrastructure } from '@eventshop/service-runtime';
import { PaymentDeclined, type PaymentProvider } from '../../application/ports/payment-provider';
import { PAYMENT_CONFIG, PAYMENT_PROVIDERS } from '../../application/tokens';
import type { PaymentConfig } from '../../config';
import { HttpPaymentProvider } from './http-payment-provider';

export interface GuardedPaymentProviders {
  providers: PaymentProvider[];
  breakers: Breaker<[() => Promise<unknown>], unknown>[];
}

export function guardedPaymentProviders(
  configured: { name: string; url: string }[],
  options: { timeoutMs: number; breakerPolicy?: Partial<BreakerPolicy>; logger: Logger },
): GuardedPaymentProviders {
  const guarded = configured.map(({ name, url }) => {
    const client = new HttpPaymentProvider(name, url, options.timeoutMs);
    const breaker = new Breaker<[() => Promise<unknown>], unknown>(`psp:${name}`, (call) => call(), {
      policy: { timeoutMs: options.timeoutMs + 1_000, ...options.breakerPolicy },
      isBusinessError: (error) => error instanceof PaymentDeclined,
      logger: options.logger,
    });
    const provider: PaymentProvider = {
      name,
      charge: (request) => breaker.fire(() => client.charge(request)) as Promise<{ providerReference: string }>,
      refund: (request) => breaker.fire(() => client.refund(request)) as Promise<{ providerReference: string }>,
    };
    return { provider, breaker };
  });
  return { providers: guarded.map((g) => g.provider), breakers: guarded.map((g) => g.breaker) };
}

/** PAYMENT_PROVIDERS for the module: the guarded providers, their breakers in the metrics and at /breakers, shut down at stop. */
export const paymentProvidersProvider: Provider = {
  provide: PAYMENT_PROVIDERS,
  inject: [PAYMENT_CONFIG, SERVICE_LOGGER, ServiceInfrastructure],
  useFactory: (config: PaymentConfig, logger: Logger, infrastructure: ServiceInfrastructure): PaymentProvider[] => {
    const { providers, breakers } = guardedPaymentProviders(config.providers, {
      timeoutMs: config.providerTimeoutMs,
      breakerPolicy: config.breakerPolicy,
      logger,
    });
    infrastructure.watchBreakers(breakers);
    infrastructure.onStop(() => breakers.forEach((b) => b.shutdown()));
    return providers;
  },
};
