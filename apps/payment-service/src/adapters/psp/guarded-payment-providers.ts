// The configured providers (primary, then secondary), each behind a breaker of its own that guards
// every call to it, charges and refunds alike. A decline is a business answer: it never opens a breaker.
import type { Logger } from '@eventshop/observability';
import { Breaker, type BreakerPolicy } from '@eventshop/resilience';
import { PaymentDeclined, type PaymentProvider } from '../../application/ports/payment-provider';
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
