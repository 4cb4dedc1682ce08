// One measured stretch of load on a system: open loop at a fixed rate, or a burst at a fixed
// concurrency; then wait until every accepted order has ended and compute the latencies from when
// each request left to when its order ended.
import { setTimeout as sleep } from 'node:timers/promises';
import type { OrderRequest } from '@eventshop/stack';
import { openLoop, type Sent } from './open-loop';
import type { SystemUnderTest } from './systems';

export interface PhaseOutcome {
  accepted: number;
  rejected: number;
  ended: number;
  terminalPerSecond: number;
  /** From the first request to the last order's end. */
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  postP99: number;
  /** Projection lag of the orders' last facts (systems with a read side). */
  lagP50?: number;
  lagP99?: number;
  /** The orders accepted, with when each request left. */
  orders: { orderId: string; sentAt: number }[];
}

const at = (q: number, samples: number[]) => (samples.length ? Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]) : NaN);

/** Open loop: `rate` orders/s for `seconds`. */
export function ratePhase(system: SystemUnderTest, rate: number, seconds: number, keyOf: (i: number) => string, orderOf: (i: number) => OrderRequest) {
  const posted: number[] = [];
  return measured(system, posted, () =>
    openLoop(rate, seconds, async (i) => {
      const t = performance.now();
      const id = await system.place(keyOf(i), orderOf(i));
      posted.push(performance.now() - t);
      return id;
    }),
  );
}

/** Closed loop: `total` orders, `concurrency` in flight at once, each sent as soon as a POST answers. */
export function burstPhase(system: SystemUnderTest, total: number, concurrency: number, keyOf: (i: number) => string, orderOf: (i: number) => OrderRequest) {
  const posted: number[] = [];
  return measured(system, posted, async () => {
    const sent: Sent<string>[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < total; i = next++) {
        const sentAt = Date.now();
        const t = performance.now();
        try {
          sent.push({ sentAt, result: await system.place(keyOf(i), orderOf(i)) });
        } catch (error) {
          sent.push({ sentAt, error: (error as Error).message });
        }
        posted.push(performance.now() - t);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return sent;
  });
}

async function measured(system: SystemUnderTest, posted: number[], send: () => Promise<Sent<string>[]>): Promise<PhaseOutcome> {
  const sent = await send();
  const accepted = sent.filter((s): s is Sent<string> & { result: string } => s.result !== undefined);
  const sentAt = new Map(accepted.map((s) => [s.result, s.sentAt]));
  const ends = new Map<string, number>();
  const drainUntil = Date.now() + 120_000;
  while (ends.size < accepted.length && Date.now() < drainUntil) {
    for (const [id, end] of await system.endedAt([...sentAt.keys()].filter((id) => !ends.has(id)))) ends.set(id, end);
    if (ends.size < accepted.length) await sleep(250);
  }
  const lags = new Map<string, number>();
  if (system.projectionLags) {
    const lagsUntil = Date.now() + 30_000; // the read side may still be projecting the last facts
    while (lags.size < ends.size && Date.now() < lagsUntil) {
      for (const [id, lag] of await system.projectionLags([...ends.keys()].filter((id) => !lags.has(id)))) lags.set(id, lag);
      if (lags.size < ends.size) await sleep(250);
    }
  }
  const lagSamples = [...lags.values()].sort((a, b) => a - b);
  const latencies = [...ends].map(([id, end]) => end - (sentAt.get(id) ?? end)).sort((a, b) => a - b);
  const firstSent = Math.min(...accepted.map((s) => s.sentAt));
  const seconds = (Math.max(...ends.values()) - firstSent) / 1000;
  posted.sort((a, b) => a - b);
  return {
    accepted: accepted.length,
    rejected: sent.length - accepted.length,
    ended: ends.size,
    terminalPerSecond: ends.size / seconds,
    seconds,
    p50: at(0.5, latencies),
    p95: at(0.95, latencies),
    p99: at(0.99, latencies),
    postP99: at(0.99, posted),
    ...(system.projectionLags ? { lagP50: at(0.5, lagSamples), lagP99: at(0.99, lagSamples) } : {}),
    orders: accepted.map((s) => ({ orderId: s.result, sentAt: s.sentAt })),
  };
}
