// Small measuring tools for the benchmarks: closed-loop throughput at a fixed concurrency, and
// percentiles. Figures are printed and recorded, never asserted.
export interface Throughput {
  operations: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs `operation` from `concurrency` workers for `seconds` (after a warm-up) and counts completions. */
export async function closedLoop(
  concurrency: number,
  seconds: number,
  operation: (worker: number, iteration: number) => Promise<void>,
  warmupSeconds = 1,
): Promise<Throughput> {
  const latencies: number[] = [];
  const run = async (durationMs: number, record: boolean) => {
    const until = performance.now() + durationMs;
    let iteration = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, worker) => {
        while (performance.now() < until) {
          const started = performance.now();
          await operation(worker, record ? iteration++ : -1 - iteration++);
          if (record) latencies.push(performance.now() - started);
        }
      }),
    );
  };
  await run(warmupSeconds * 1000, false);
  const started = performance.now();
  await run(seconds * 1000, true);
  const elapsed = (performance.now() - started) / 1000;
  return { operations: latencies.length, seconds: elapsed, perSecond: latencies.length / elapsed, ...percentiles(latencies) };
}

export function percentiles(samples: number[]): { p50Ms: number; p99Ms: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}

export const round = (n: number, digits = 0) => Number(n.toFixed(digits));

/** The run with the median throughput. */
export function median(runs: Throughput[]): Throughput {
  return [...runs].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(runs.length / 2)];
}

export function medianOf(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}
