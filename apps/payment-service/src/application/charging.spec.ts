import { BreakerOpen } from '@eventshop/resilience';
import { PaymentDeclined, ProviderUnavailable } from './ports/payment-provider';
import { chargeThroughProviders, type ChargingProvider } from './charging';

const request = { orderId: 'o-1', amountCents: 100, token: 'tok_ok', idempotencyKey: 'charge-o-1' };
const provider = (name: string, behaviour: () => Promise<{ providerReference: string }>) => {
  const calls: string[] = [];
  const p: ChargingProvider & { calls: string[] } = { name, calls, charge: async (r) => (calls.push(r.idempotencyKey), behaviour()) };
  return p;
};

describe('chargeThroughProviders', () => {
  it('uses the primary when it answers', async () => {
    const primary = provider('a', async () => ({ providerReference: 'ch_a' }));
    const secondary = provider('b', async () => ({ providerReference: 'ch_b' }));
    expect(await chargeThroughProviders([primary, secondary], request)).toEqual({ kind: 'charged', provider: 'a', providerReference: 'ch_a' });
    expect(secondary.calls).toEqual([]);
  });

  it('falls back to the secondary when the primary certainly did not charge', async () => {
    for (const failure of [new ProviderUnavailable('503'), new BreakerOpen('psp:a')]) {
      const primary = provider('a', () => Promise.reject(failure));
      const secondary = provider('b', async () => ({ providerReference: 'ch_b' }));
      expect(await chargeThroughProviders([primary, secondary], request)).toMatchObject({ kind: 'charged', provider: 'b' });
    }
  });

  it('does not try the secondary after a decline', async () => {
    const primary = provider('a', () => Promise.reject(new PaymentDeclined('card declined')));
    const secondary = provider('b', async () => ({ providerReference: 'ch_b' }));
    expect(await chargeThroughProviders([primary, secondary], request)).toEqual({ kind: 'declined', reason: 'card declined' });
    expect(secondary.calls).toEqual([]);
  });

  it('does not try the secondary when the primary may have charged, and later asks only the primary', async () => {
    const primary = provider('a', () => Promise.reject(new Error('a: The operation was aborted due to timeout')));
    const secondary = provider('b', async () => ({ providerReference: 'ch_b' }));
    expect(await chargeThroughProviders([primary, secondary], request)).toMatchObject({ kind: 'unknown', provider: 'a' });
    expect(secondary.calls).toEqual([]);
    await chargeThroughProviders([primary, secondary], request, 'a');
    expect(primary.calls).toEqual(['charge-o-1', 'charge-o-1']);
    expect(secondary.calls).toEqual([]);
  });

  it('reports both providers unavailable', async () => {
    const down = (name: string) => provider(name, () => Promise.reject(new ProviderUnavailable(`${name}: 503`)));
    expect(await chargeThroughProviders([down('a'), down('b')], request)).toEqual({ kind: 'unavailable', reason: 'a: 503; b: 503' });
  });
});
