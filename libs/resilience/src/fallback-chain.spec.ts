import { Breaker } from './breaker';
import { FallbacksExhausted } from './errors';
import { firstAnswer } from './fallback-chain';

class Declined extends Error {}
const isDecline = (e: unknown) => e instanceof Declined;

describe('firstAnswer', () => {
  it('tries the fallbacks in order and says which one answered', async () => {
    const tried: string[] = [];
    const attempt = (via: string, outcome: () => Promise<string>) => ({ via, run: () => (tried.push(via), outcome()) });
    const answer = await firstAnswer([
      attempt('primary', () => Promise.reject(new Error('503'))),
      attempt('secondary', () => Promise.resolve('charged by secondary')),
      attempt('queue', () => Promise.resolve('queued')),
    ]);
    expect(answer).toEqual({ value: 'charged by secondary', via: 'secondary' });
    expect(tried).toEqual(['primary', 'secondary']);
  });

  it('goes to the secondary without calling the primary while the primary breaker is open', async () => {
    let primaryCalls = 0;
    const primary = new Breaker(
      'psp-primary',
      async () => {
        primaryCalls++;
        throw new Error('503');
      },
      { policy: { minimumCalls: 1, openDurationMs: 60_000 } },
    );
    await primary.fire().catch(() => undefined);
    expect(primary.state).toBe('open');
    const answer = await firstAnswer([
      { via: 'primary', run: () => primary.fire() },
      { via: 'secondary', run: async () => 'ok' },
    ]);
    expect(answer.via).toBe('secondary');
    expect(primaryCalls).toBe(1);
    primary.shutdown();
  });

  it('stops at a business refusal: a declined card is not tried elsewhere', async () => {
    let secondaryCalled = false;
    await expect(
      firstAnswer(
        [
          { via: 'primary', run: () => Promise.reject(new Declined('card declined')) },
          { via: 'secondary', run: async () => ((secondaryCalled = true), 'charged') },
        ],
        isDecline,
      ),
    ).rejects.toBeInstanceOf(Declined);
    expect(secondaryCalled).toBe(false);
  });

  it('reports every failure when nothing answers', async () => {
    const attempt = firstAnswer([
      { via: 'primary', run: () => Promise.reject(new Error('503')) },
      { via: 'secondary', run: () => Promise.reject(new Error('timeout')) },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(FallbacksExhausted);
    await expect(attempt).rejects.toThrow('no fallback answered: primary: 503; secondary: timeout');
  });
});
