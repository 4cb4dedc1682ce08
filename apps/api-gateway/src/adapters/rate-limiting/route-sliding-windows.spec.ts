import { RouteSlidingWindows } from './route-sliding-windows';

describe('a sliding window per route', () => {
  let now = 0;
  const windows = () => new RouteSlidingWindows({ limit: 4, windowMs: 1_000 }, () => now);
  beforeEach(() => (now = 10_000));

  it('lets `limit` requests through in a window and refuses the next, saying when to retry', () => {
    const route = windows();
    expect([1, 2, 3, 4].map(() => route.take('POST /orders').allowed)).toEqual([true, true, true, true]);
    now += 500;
    expect(route.take('POST /orders')).toMatchObject({ allowed: false, limit: 4, remaining: 0, retryAfterSeconds: 1, policy: '4;w=1' });
  });

  it('keeps counting the previous window while the sliding window still covers it (no double burst at the edge)', () => {
    const route = windows();
    now = 10_900;
    for (let i = 0; i < 4; i++) route.take('r');
    now = 11_000; // a fixed window would start afresh here and allow 4 more
    expect(route.take('r').allowed).toBe(false);
    now = 11_250; // three quarters of the previous window still count: 3 of 4
    expect(route.take('r').allowed).toBe(true);
    expect(route.take('r').allowed).toBe(false);
  });

  it('refills as the window slides: a full limit again once the previous window has passed', () => {
    const route = windows();
    for (let i = 0; i < 4; i++) route.take('r');
    now += 2_000;
    expect([1, 2, 3, 4].map(() => route.take('r').allowed)).toEqual([true, true, true, true]);
  });

  it('counts each route on its own', () => {
    const route = windows();
    for (let i = 0; i < 4; i++) route.take('GET /products');
    expect(route.take('GET /products').allowed).toBe(false);
    expect(route.take('POST /orders').allowed).toBe(true);
  });

  it('tells a refused request how long until one more fits', () => {
    const route = windows();
    now = 10_000;
    for (let i = 0; i < 4; i++) route.take('r');
    // Next window from 11_000 with the 4 still weighing: one fits when 1 - e <= 3/4, i.e. at 11_250.
    const refused = route.take('r');
    now = 10_000 + refused.retryAfterSeconds * 1_000;
    expect(refused.retryAfterSeconds).toBe(2); // 1,250 ms, rounded up to whole seconds
    expect(route.take('r').allowed).toBe(true);
  });
});
