// CPU time per process of the stack over a stretch of the run, read from /proc (Linux): which process
// the machine's two cores are spent in. PostgreSQL's backends are summed into one line.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pidFromFile, repoRoot } from '@eventshop/testing';

const ticksPerSecond = 100; // USER_HZ on Linux

/** CPU seconds of one pid (utime + stime) and of its children it has reaped (cutime + cstime); 0 once it has gone. */
function cpuTimes(pid: number): { own: number; reaped: number } {
  try {
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return { own: (fields[11] + fields[12]) / ticksPerSecond, reaped: (fields[13] + fields[14]) / ticksPerSecond };
  } catch {
    return { own: 0, reaped: 0 };
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

const reapedKey = 'postgres:reaped';
const postgresName = 'postgresql (all backends)';

export function cpuSnapshot(processes: Record<string, number>): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map(Object.entries(processes).map(([name, pid]) => [name, cpuTimes(pid).own]));
  // Backends come and go: sum them by pid. One that exits takes its CPU out of that sum, but the
  // postmaster reaps it and its CPU moves to the postmaster's children's time, kept beside the pids.
  let reaped = 0;
  for (const pid of pidsNamed('postgres')) {
    const times = cpuTimes(pid);
    snapshot.set(`postgres/${pid}`, times.own);
    reaped += times.reaped;
  }
  snapshot.set(reapedKey, reaped);
  return snapshot;
}

/**
 * Share of one core per process between two snapshots, busiest first; PostgreSQL summed. A backend
 * that exited in between (a pool closes a connection after 10 s idle) counts what it used after the
 * first snapshot: its whole life arrives in the reaped children's time, less what the first snapshot
 * had already seen of it. Counting live backends alone lost what every closed connection had used
 * in the stretch; counting the reaped time alone would charge a stretch with the whole life of each.
 */
export function cpuShares(before: CpuSnapshot, after: CpuSnapshot, seconds: number): { name: string; coreShare: number }[] {
  const totals = new Map<string, number>();
  const add = (name: string, used: number) => totals.set(name, (totals.get(name) ?? 0) + used);
  for (const [key, value] of after) {
    add(key.startsWith('postgres') ? postgresName : key, value - (before.get(key) ?? 0));
  }
  for (const [key, value] of before) if (key.startsWith('postgres/') && !after.has(key)) add(postgresName, -value);
  return [...totals].map(([name, used]) => ({ name, coreShare: used / seconds })).sort((a, b) => b.coreShare - a.coreShare);
}
