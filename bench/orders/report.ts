// The markdown section bench/orders prints and records: one row per system and phase, the two systems
// side by side at each rate, then the goals this run is measured against.
import { round } from '../shared/measure';
import type { PhaseOutcome } from './phase';
import type { Stretch } from './step-latency';

export interface Measured extends PhaseOutcome {
  system: string;
  label: string;
  /** The offered rate; none for a burst. */
  rate?: number;
  commitsPerOrder: number;
  messagesPerOrder: number;
  /** CPU per order (utime + stime over the phase ÷ orders accepted) of each of the system's processes, busiest first. */
  cpu: { name: string; msPerOrder: number }[];
  cpuMsPerOrder: number;
  sustained: boolean;
}

export interface RunFacts {
  seconds: number;
  warmUpSeconds: number;
  ceilingTps: number;
  idleCommitsPerSecond: number;
  /** Eventshop's CPU while idle, as idleCpuText words it. */
  idleCpu: string;
  highestSustained: Record<string, number>;
  /** Where an Eventshop order's time went, at one rate. */
  steps?: { label: string; stretches: Stretch[] };
  invariants: { name: string; ok: boolean; detail: string }[];
  describe: string;
  orders: number;
}

/** CPU while idle: the share of one core in all, then the busiest processes'. */
export function idleCpuText(shares: { name: string; coreShare: number }[]): string {
  const total = shares.reduce((sum, c) => sum + c.coreShare, 0);
  const busiest = shares
    .slice(0, 4)
    .map((c) => `${c.name} ${round(c.coreShare * 100, 1)} %`)
    .join(', ');
  return `${round(total * 100, 1)} % of a core (${busiest})`;
}

const row = (p: Measured) =>
  [
    p.label,
    p.system,
    `${round(p.terminalPerSecond, 1)}`,
    `${p.p50} / ${p.p95} / ${p.p99}`,
    `${p.postP99}`,
    p.lagP99 === undefined ? '—' : `${p.lagP50} / ${p.lagP99}`,
    `${round(p.cpuMsPerOrder, 1)}`,
    `${round(p.commitsPerOrder, 1)}`,
    `${round(p.messagesPerOrder, 1)}`,
    p.cpu
      .slice(0, 3)
      .map((c) => `${c.name} ${round(c.msPerOrder, 1)}`)
      .join(', '),
    p.rate === undefined
      ? `${round(p.seconds, 1)} s`
      : p.sustained
        ? 'yes'
        : `no (${p.ended}/${p.accepted} ended${p.rejected ? `, ${p.rejected} refused` : ''})`,
  ].join(' | ');

export function report(phases: Measured[], run: RunFacts): string {
  const byRate = [...phases].sort((a, b) => (a.rate ?? Infinity) - (b.rate ?? Infinity) || a.system.localeCompare(b.system) * -1);
  const shop = (p: Measured) => p.system === 'Eventshop';
  const at100 = phases.find((p) => shop(p) && p.rate === 100);
  const burst = phases.find((p) => shop(p) && p.rate === undefined);
  const lowest = phases.filter(shop).sort((a, b) => (a.rate ?? Infinity) - (b.rate ?? Infinity))[0];
  const [shopBest, peerBest] = [run.highestSustained['Eventshop'] ?? 0, run.highestSustained['DBOS peer'] ?? 0];
  return [
    '',
    `## bench/orders — ${new Date().toISOString().slice(0, 10)}`,
    '',
    run.describe,
    `- load: open loop, ${run.seconds} s per rate after ${run.warmUpSeconds} s of warm-up at 20/s, mix 85 % complete / 5 % out of stock / 5 % declined / 5 % carrier refuses, 10 SKUs; ${run.orders} Eventshop orders in all`,
    `- PostgreSQL commit ceiling (pgbench, single-row INSERT, 16 clients): ${round(run.ceilingTps)} commits/s; background write transactions while idle: ${round(run.idleCommitsPerSecond, 1)}/s (subtracted)`,
    '- CPU: utime + stime over the phase ÷ orders, of every process of the system (PostgreSQL for both, the broker for Eventshop; not the load generator)',
    `- Eventshop idle (10 s, no orders): ${run.idleCpu}`,
    '',
    '| phase | system | terminal orders/s | POST→terminal p50 / p95 / p99 ms | POST p99 ms | projection lag p50 / p99 ms | CPU ms/order | write transactions/order | Kafka messages/order | busiest processes (ms/order) | sustained |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...byRate.map((p) => `| ${row(p)} |`),
    '',
    `- highest sustained: **Eventshop ${shopBest} orders/s**, DBOS peer ${peerBest} orders/s (goal ≥ 250 and ahead of the peer)`,
    at100 ? `- Eventshop at 100 orders/s: p99 ${at100.p99} ms (goal < 150 ms)` : '- Eventshop was not measured at 100 orders/s',
    `- projection lag p99 at the sustained rates: ${
      phases
        .filter((p) => shop(p) && p.sustained && p.rate !== undefined)
        .map((p) => `${p.lagP99} ms at ${p.label}`)
        .join(', ') || 'none sustained'
    } (goal < 100 ms)`,
    burst ? `- Eventshop burst: all ${burst.ended} ended ${round(burst.seconds, 1)} s after the first request (goal ≤ 10 s)` : '- no burst',
    lowest
      ? `- Eventshop at ${lowest.label}: ${round(lowest.cpuMsPerOrder, 1)} ms CPU per order (goal ≤ 8), ${round(lowest.commitsPerOrder, 1)} write transactions per order (goal ≤ 12)`
      : '',
    `- invariants: ${
      run.invariants.every((r) => r.ok)
        ? 'all held'
        : `FAILED: ${run.invariants
            .filter((r) => !r.ok)
            .map((r) => `${r.name} (${r.detail})`)
            .join('; ')}`
    }`,
    ...(run.steps
      ? [
          '',
          `Where an Eventshop order's time goes at ${run.steps.label} — between consecutive events of the order in the services' streams (each stamped when its transaction began), on the path most orders take:`,
          '',
          '| from | to | p50 ms | p95 ms |',
          '|---|---|---|---|',
          ...run.steps.stretches.map((s) => `| ${s.from} | ${s.to} | ${s.p50} | ${s.p95} |`),
        ]
      : []),
    '',
  ].join('\n');
}
