import { ClientTokenBuckets } from './client-token-buckets';

describe('a token bucket per client', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('lets a new client burst up to its bucket, then refuses with when to retry', () => {
    const buckets = new ClientTokenBuckets({ burst: 3, refillPerSecond: 2 });
    const verdicts = [1, 2, 3].map(() => buckets.take('c-1'));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true]);
    expect(verdicts.map((v) => v.remaining)).toEqual([2, 1, 0]);
    const refused = buckets.take('c-1');
    expect(refused).toMatchObject({ allowed: false, limit: 3, remaining: 0, retryAfterSeconds: 1, policy: '3;w=2' });
  });

  it('refills at its rate: one more request after half a second at 2 per second, not before', () => {
    const buckets = new ClientTokenBuckets({ burst: 2, refillPerSecond: 2 });
    buckets.take('c-1');
    buckets.take('c-1');
    jest.advanceTimersByTime(400);
    expect(buckets.take('c-1').allowed).toBe(false);
    jest.advanceTimersByTime(100);
    expect(buckets.take('c-1').allowed).toBe(true);
    jest.advanceTimersByTime(10_000);
    expect(buckets.take('c-1')).toMatchObject({ allowed: true, remaining: 1 }); // never more than the burst
  });

  it('keeps one bucket per client', () => {
    const buckets = new ClientTokenBuckets({ burst: 1, refillPerSecond: 1 });
    expect(buckets.take('c-1').allowed).toBe(true);
    expect(buckets.take('c-1').allowed).toBe(false);
    expect(buckets.take('c-2').allowed).toBe(true);
  });

  it('forgets the least recently seen client beyond its bound (who then starts afresh)', () => {
    const buckets = new ClientTokenBuckets({ burst: 1, refillPerSecond: 1 }, 2);
    buckets.take('a');
    buckets.take('b');
    buckets.take('c'); // a is forgotten
    expect(buckets.take('b').allowed).toBe(false);
    expect(buckets.take('a').allowed).toBe(true);
  });
});
