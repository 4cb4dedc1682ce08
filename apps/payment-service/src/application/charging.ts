// Charging through providers in order (primary, then secondary), each behind its breaker. Another
// provider is tried only when the previous one certainly did not charge (breaker open, unavailable);
// after an answer of unknown outcome (a timeout) only that same provider may be asked again, with the
// same idempotency key — otherwise a card could be charged twice, once by each provider.
import { BreakerOpen, BulkheadFull } from '@eventshop/resilience';
import type { ChargeResult } from '../domain/payment.decide';
import { PaymentDeclined, ProviderUnavailable, type ChargeRequest, type PaymentProvider } from './ports/payment-provider';

/** What charging needs of a provider. */
export type ChargingProvider = Pick<PaymentProvider, 'name' | 'charge'>;

export type ChargeAttempt =
  | { kind: 'charged'; provider: string; providerReference: string }
  | { kind: 'declined'; reason: string }
  | { kind: 'unknown'; provider: string; reason: string }
  | { kind: 'unavailable'; reason: string };

/** An order's charge: one idempotency key per order, whoever asks (at once or from the work queue) and however often. */
export const chargeRequestFor = (orderId: string, amountCents: number, token: string): ChargeRequest => ({
  orderId,
  amountCents,
  token,
  idempotencyKey: `charge-${orderId}`,
});

/** The charge's result an answer settles. */
export function resultOf(attempt: Extract<ChargeAttempt, { kind: 'charged' | 'declined' }>): ChargeResult {
  return attempt.kind === 'charged'
    ? { outcome: 'charged', provider: attempt.provider, providerReference: attempt.providerReference }
    : { outcome: 'declined', reason: attempt.reason };
}

/** What an attempt settled: the charge's result, or nothing while that is not known (unknown, unavailable). */
export const settledBy = (attempt: ChargeAttempt): ChargeResult | undefined =>
  attempt.kind === 'charged' || attempt.kind === 'declined' ? resultOf(attempt) : undefined;

export const certainlyNotCharged = (error: unknown) => error instanceof ProviderUnavailable || error instanceof BreakerOpen || error instanceof BulkheadFull;

export async function chargeThroughProviders(providers: ChargingProvider[], request: ChargeRequest, stickTo?: string): Promise<ChargeAttempt> {
  const candidates = stickTo ? providers.filter((p) => p.name === stickTo) : providers;
  const reasons: string[] = [];
  for (const provider of candidates) {
    try {
      const { providerReference } = await provider.charge(request);
      return { kind: 'charged', provider: provider.name, providerReference };
    } catch (error) {
      if (error instanceof PaymentDeclined) return { kind: 'declined', reason: error.message };
      if (!certainlyNotCharged(error)) return { kind: 'unknown', provider: provider.name, reason: (error as Error).message };
      reasons.push((error as Error).message);
    }
  }
  return { kind: 'unavailable', reason: reasons.join('; ') || 'no provider' };
}
