// CPU time per process of the stack over a stretch of the run, read from /proc (Linux): which process
// the machine's two cores are spent in. PostgreSQL's backends are summed into one line.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pidFromFile, repoRoot } from '@eventshop/testing';

const ticksPerSecond = 100; // USER_HZ on Linux

/**
 * utime + stime in seconds of one pid, or 0 once it has gone; with `reapedChildren`, plus the CPU of its
 * children that have exited (cutime + cstime, added to a parent when it reaps them).
 */
function cpuSeconds(pid: number, reapedChildren = false): number {
  try {
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return (own + (reapedChildren ? Number(fields[13]) + Number(fields[14]) : 0)) / ticksPerSecond;
  } catch {
    return 0;
  }
}

function pidsNamed(command: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === command;
      } catch {
        return false;
      }
    });
}

/** The pid of the tools/kafka broker (`npm run kafka:start`), when that is the broker this machine runs. */
export const nativeKafkaBrokerPid = () => pidFromFile(path.join(repoRoot, 'tools/kafka/.cache/kafka.pid'));

export type CpuSnapshot = Map<string, number>;

export function cpuSnapshot(processes: Record<string, number>): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map(Object.entries(processes).map(([name, pid]) => [name, cpuSeconds(pid)]));
  // Backends come and go, so sum them by pid. One that exits during the stretch (a pool closes idle
  // connections after 10 s) takes its CPU out of that sum, but the postmaster reaps it: its CPU moves to
  // the postmaster's children's time, which is counted with it. Without that, a stretch that ended
  // with seconds of idle lost the CPU of every connection that closed meanwhile.
  for (const pid of pidsNamed('postgres')) snapshot.set(`postgres/${pid}`, cpuSeconds(pid, true));
  return snapshot;
}

/** Share of one core per process between two snapshots, busiest first; PostgreSQL summed. */
export function cpuShares(before: CpuSnapshot, after: CpuSnapshot, seconds: number): { name: string; coreShare: number }[] {
  const totals = new Map<string, number>();
  for (const [key, value] of after) {
    const name = key.startsWith('postgres/') ? 'postgresql (all backends)' : key;
    totals.set(name, (totals.get(name) ?? 0) + value - (before.get(key) ?? 0));
  }
  return [...totals].map(([name, used]) => ({ name, coreShare: used / seconds })).sort((a, b) => b.coreShare - a.coreShare);
}
