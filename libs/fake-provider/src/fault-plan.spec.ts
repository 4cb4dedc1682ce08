import { faultFor, faultsSchema, noFaults } from './fault-plan';

describe('faultFor', () => {
  const now = new Date('2026-01-01T12:00:00Z');

  it('lets every call through without faults', () => {
    expect(faultFor(noFaults(), now, () => 0)).toEqual({ delayMs: 0 });
  });

  it('fails calls inside an outage window and only there', () => {
    const faults = faultsSchema.parse({ outages: [{ startsAt: '2026-01-01T11:59:00Z', endsAt: '2026-01-01T12:01:00Z' }] });
    expect(faultFor(faults, now).failure).toBe('provider outage');
    expect(faultFor(faults, new Date('2026-01-01T12:01:00Z')).failure).toBeUndefined();
  });

  it('fails the configured share of calls', () => {
    const faults = faultsSchema.parse({ errorRate: 0.25 });
    expect(faultFor(faults, now, () => 0.24).failure).toBe('injected error');
    expect(faultFor(faults, now, () => 0.25).failure).toBeUndefined();
  });

  it('adds the configured latency', () => {
    expect(faultFor(faultsSchema.parse({ latencyMs: 250 }), now).delayMs).toBe(250);
  });

  it('rejects an error rate above 1', () => {
    expect(faultsSchema.safeParse({ errorRate: 1.5 }).success).toBe(false);
  });
});
