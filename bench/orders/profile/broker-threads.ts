// The broker's CPU by JVM thread, from /proc/<pid>/task (Linux): its network threads, request
// handlers, log cleaner, garbage collector and JIT compilers are named, so which one an order's
// messages keep busy is visible without a profiler inside the broker (JFR costs more than it shows).
import { readdirSync } from 'node:fs';
import { procStat, ticksPerSecond } from '../../shared/cpu-usage';

/** CPU seconds per thread, keyed by tid (a thread's name is not unique: several "data-plane-kafka-ne"). */
export function brokerThreads(pid: number): Map<string, { name: string; seconds: number }> {
  const threads = new Map<string, { name: string; seconds: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const { name, fields } = procStat(`/proc/${pid}/task/${tid}/stat`);
      threads.set(tid, { name, seconds: (fields[11] + fields[12]) / ticksPerSecond });
    } catch {
      // the thread ended meanwhile
    }
  }
  return threads;
}

/** CPU seconds spent between two readings, summed by thread name with its digits dropped (a pool is one line), busiest first. */
export function threadShares(before: ReturnType<typeof brokerThreads>, after: ReturnType<typeof brokerThreads>): { name: string; seconds: number }[] {
  const totals = new Map<string, number>();
  for (const [tid, { name, seconds }] of after) {
    const pool = name.replace(/\d+/g, 'N');
    totals.set(pool, (totals.get(pool) ?? 0) + seconds - (before.get(tid)?.seconds ?? 0));
  }
  return [...totals].map(([name, seconds]) => ({ name, seconds })).sort((a, b) => b.seconds - a.seconds);
}
