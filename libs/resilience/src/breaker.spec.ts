import { Breaker, type BreakerState } from './breaker';
import { BreakerOpen, BulkheadFull } from './errors';

// Short durations stand in for the policy's seconds; the logic is the same.
const fast = { minimumCalls: 10, windowSize: 100, slowCallDurationMs: 100, openDurationMs: 80, timeoutMs: 300 as const };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
class Declined extends Error {}

function provider() {
  const calls = { count: 0 };
  let behaviour: 'ok' | 'fail' | 'slow' | 'decline' | 'hang' = 'ok';
  const action = async () => {
    calls.count++;
    if (behaviour === 'fail') throw new Error('503 from provider');
    if (behaviour === 'decline') throw new Declined('card declined');
    if (behaviour === 'slow') await sleep(150);
    if (behaviour === 'hang') await sleep(1_000);
    return 'charged';
  };
  return { calls, action, set: (b: typeof behaviour) => (behaviour = b) };
}

async function fireTimes(breaker: Breaker<[], string>, times: number) {
  for (let i = 0; i < times; i++) await breaker.fire().catch(() => undefined);
}

describe('Breaker', () => {
  const breakers: Breaker<[], string>[] = [];
  const make = (p = provider(), changes: BreakerState[] = []) => {
    const breaker = new Breaker('psp', p.action, {
      policy: fast,
      isBusinessError: (e) => e instanceof Declined,
      onStateChange: (_name, state) => changes.push(state),
    });
    breakers.push(breaker);
    return breaker;
  };
  afterEach(() => breakers.splice(0).forEach((b) => b.shutdown()));

  it('opens at a 50 % failure rate and then fails fast without calling', async () => {
    const p = provider();
    const breaker = make(p);
    await fireTimes(breaker, 5);
    p.set('fail');
    await fireTimes(breaker, 5);
    expect(breaker.state).toBe('open');
    expect(breaker.stats()).toMatchObject({ state: 'open', calls: 10, failureRate: 50, reason: expect.stringMatching(/failure rate 50 %/) });
    const before = p.calls.count;
    await expect(breaker.fire()).rejects.toBeInstanceOf(BreakerOpen);
    await expect(breaker.fire()).rejects.toThrow(/failure rate 50 % over the last 10 calls/);
    expect(p.calls.count).toBe(before);
  });

  it('opens at an 80 % slow-call rate even though every call succeeds', async () => {
    const p = provider();
    const breaker = make(p);
    await fireTimes(breaker, 2);
    p.set('slow');
    await fireTimes(breaker, 7);
    expect(breaker.state).toBe('closed'); // 7 of 9: no verdict yet, and below 80 %
    await fireTimes(breaker, 1);
    expect(breaker.stats()).toMatchObject({ calls: 10, slowCallRate: 80, failureRate: 0, state: 'open' });
    await expect(breaker.fire()).rejects.toThrow(/slow-call rate 80 %/);
  });

  it('does not judge before 10 calls', async () => {
    const p = provider();
    p.set('fail');
    const breaker = make(p);
    await fireTimes(breaker, 9);
    expect(breaker.state).toBe('closed');
    expect(breaker.stats()).toMatchObject({ calls: 9, failureRate: 100 });
    await fireTimes(breaker, 1);
    expect(breaker.state).toBe('open');
  });

  it('half-opens after the open duration and closes again on a good trial call', async () => {
    const p = provider();
    const changes: BreakerState[] = [];
    const breaker = make(p, changes);
    p.set('fail');
    await fireTimes(breaker, 10);
    expect(breaker.state).toBe('open');
    await sleep(fast.openDurationMs + 30);
    expect(breaker.state).toBe('half-open');
    p.set('ok');
    await expect(breaker.fire()).resolves.toBe('charged');
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual(['open', 'half-open', 'closed']);
    expect(breaker.stats().calls).toBe(0); // a fresh window after closing
  });

  it('opens again when the trial call fails, or is slow', async () => {
    const p = provider();
    const breaker = make(p);
    p.set('fail');
    await fireTimes(breaker, 10);
    await sleep(fast.openDurationMs + 30);
    await expect(breaker.fire()).rejects.toThrow('503');
    expect(breaker.state).toBe('open');
    await sleep(fast.openDurationMs + 30);
    p.set('slow');
    await expect(breaker.fire()).resolves.toBe('charged');
    expect(breaker.state).toBe('open');
    await expect(breaker.fire()).rejects.toThrow(/trial call was slow/);
  });

  it('does not count business refusals as failures', async () => {
    const p = provider();
    p.set('decline');
    const breaker = make(p);
    for (let i = 0; i < 20; i++) await expect(breaker.fire()).rejects.toBeInstanceOf(Declined);
    expect(breaker.stats()).toMatchObject({ state: 'closed', calls: 20, failureRate: 0 });
  });

  it('counts a call past the timeout as a failure', async () => {
    const p = provider();
    p.set('hang');
    const breaker = make(p);
    await expect(breaker.fire()).rejects.toThrow(/Timed out after 300ms/);
    expect(breaker.stats()).toMatchObject({ calls: 1, failureRate: 100, slowCallRate: 100 });
  });

  it('refuses calls beyond the bulkhead without counting them', async () => {
    const p = provider();
    p.set('slow');
    const breaker = new Breaker('carrier', p.action, { policy: { ...fast, maxConcurrent: 2 } });
    breakers.push(breaker);
    const inFlight = [breaker.fire(), breaker.fire()];
    await expect(breaker.fire()).rejects.toBeInstanceOf(BulkheadFull);
    await Promise.all(inFlight);
    expect(breaker.stats().calls).toBe(2);
  });
});
