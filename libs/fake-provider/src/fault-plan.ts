// The faults a fake provider plays, set at run time over its admin API: added latency, a share of
// calls that fail, and outage windows during which every call fails. Pure: the server asks it per call.
import { z } from 'zod';

export const faultsSchema = z.object({
  latencyMs: z.number().int().min(0).max(120_000).default(0),
  /** Share of calls answered 503, from 0 to 1. */
  errorRate: z.number().min(0).max(1).default(0),
  outages: z
    .array(z.object({ startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }) }))
    .max(100)
    .default([]),
});

export type Faults = z.infer<typeof faultsSchema>;

export const noFaults = (): Faults => ({ latencyMs: 0, errorRate: 0, outages: [] });

export interface FaultDecision {
  delayMs: number;
  failure?: string;
}

export function faultFor(faults: Faults, now: Date, random: () => number = Math.random): FaultDecision {
  const inOutage = faults.outages.some((o) => now >= new Date(o.startsAt) && now < new Date(o.endsAt));
  if (inOutage) return { delayMs: faults.latencyMs, failure: 'provider outage' };
  if (faults.errorRate > 0 && random() < faults.errorRate) return { delayMs: faults.latencyMs, failure: 'injected error' };
  return { delayMs: faults.latencyMs };
}
