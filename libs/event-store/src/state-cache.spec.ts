import { StateCache } from './state-cache';

const loaded = (version: number, eventsSinceSnapshot = version) => ({ state: { version }, version, eventsSinceSnapshot });
const last = (n: number) => ({ globalPosition: BigInt(n), txId: BigInt(n) });

describe('StateCache', () => {
  it('keeps the most recently used streams up to its capacity', () => {
    const cache = new StateCache<{ version: number }>(2);
    cache.remember('a', loaded(1), last(1));
    cache.remember('b', loaded(1), last(2));
    cache.get('a'); // used: b is now the least recently used
    cache.remember('c', loaded(1), last(3));
    expect([cache.get('a')?.version, cache.get('b'), cache.get('c')?.version]).toEqual([1, undefined, 1]);
    expect(cache.size).toBe(2);
  });

  it('hands out frozen states, so that no load can change what the next one starts from', () => {
    const cache = new StateCache<{ version: number }>();
    cache.remember('a', loaded(3), last(3));
    const state = cache.get('a')?.state as { version: number };
    expect(() => {
      state.version = 4;
    }).toThrow(TypeError);
  });

  it('counts the next snapshot from the newest one taken', () => {
    const cache = new StateCache<{ version: number }>();
    cache.remember('a', loaded(120, 20), last(120));
    expect(cache.get('a')?.snapshotVersion).toBe(100);
    const at = new Date();
    cache.snapshotTaken('a', 125, at);
    cache.snapshotTaken('a', 110, new Date(0)); // an older one, told late
    expect(cache.get('a')).toMatchObject({ snapshotVersion: 125, snapshotTakenAt: at });
  });
});
