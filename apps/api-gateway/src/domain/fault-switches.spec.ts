import { faultsOf, switchesOf } from './fault-switches';

describe('fault switches', () => {
  const now = new Date('2026-11-25T12:00:00Z');

  it('turns an outage on as a window open from now, and reads it back as on', () => {
    const faults = faultsOf({ outage: true, latencyMs: 0 }, now);
    expect(faults.outages).toEqual([{ startsAt: '2026-11-25T12:00:00.000Z', endsAt: '2026-11-26T12:00:00.000Z' }]);
    expect(switchesOf(faults, new Date('2026-11-25T13:00:00Z'))).toEqual({ outage: true, latencyMs: 0 });
  });

  it('reads an outage window that has ended, or none, as off; an error rate of 1 as on', () => {
    const faults = faultsOf({ outage: true, latencyMs: 250 }, now);
    expect(switchesOf(faults, new Date('2026-11-27T00:00:00Z'))).toEqual({ outage: false, latencyMs: 250 });
    expect(switchesOf(faultsOf({ outage: false, latencyMs: 0 }, now), now).outage).toBe(false);
    expect(switchesOf({ latencyMs: 0, errorRate: 1, outages: [] }, now).outage).toBe(true);
    expect(switchesOf({ latencyMs: 0, errorRate: 0.5, outages: [] }, now).outage).toBe(false);
  });
});
