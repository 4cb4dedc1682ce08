// The dashboard's fault switches, and what they mean to a fake provider: an outage is an outage window
// from now on (every call answered 503, so breakers open and fallbacks happen), latency is added to
// every call (slow calls count against a breaker too), and a carrier's refusal is its rule to refuse
// every booking (a business answer: the order compensates at once). Reading back, a switch is on
// when the provider's faults say so now — whoever set them.
export interface FaultSwitches {
  outage: boolean;
  latencyMs: number;
  /** Carriers only: refuse every booking. */
  refuseAll?: boolean;
}

/** A fake provider's faults (libs/fake-provider fault-plan). */
export interface ProviderFaults {
  latencyMs: number;
  errorRate: number;
  outages: { startsAt: string; endsAt: string }[];
}

/** How long a switched-on outage lasts unless switched off: longer than any demo. */
const OUTAGE_MS = 24 * 60 * 60 * 1000;

export function faultsOf(switches: Pick<FaultSwitches, 'outage' | 'latencyMs'>, now: Date): ProviderFaults {
  const outages = switches.outage ? [{ startsAt: now.toISOString(), endsAt: new Date(now.getTime() + OUTAGE_MS).toISOString() }] : [];
  return { latencyMs: switches.latencyMs, errorRate: 0, outages };
}

export function switchesOf(faults: ProviderFaults, now: Date): Pick<FaultSwitches, 'outage' | 'latencyMs'> {
  const inOutage = faults.outages.some((o) => Date.parse(o.startsAt) <= now.getTime() && now.getTime() < Date.parse(o.endsAt));
  return { outage: inOutage || faults.errorRate >= 1, latencyMs: faults.latencyMs };
}
