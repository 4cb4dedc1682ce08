// CPU time per process of the stack over a stretch of the run, read from /proc (Linux): which process
// the machine's two cores are spent in. PostgreSQL's backends are summed into one line.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pidFromFile, repoRoot } from '@eventshop/testing';

/** USER_HZ on Linux: the unit of the CPU times in /proc/<pid>/stat. */
export const ticksPerSecond = 100;

/**
 * A process's or thread's /proc stat (`/proc/<pid>/stat`, `/proc/<pid>/task/<tid>/stat`): its command
 * name and the numeric fields after it, from field 3 on (so utime, field 14, is fields[11]).
 * Throws once the process has gone.
 */
export function procStat(file: string): { name: string; fields: number[] } {
  const stat = readFileSync(file, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: it ends at the last ')'.
  const close = stat.lastIndexOf(')');
  return {
    name: stat.slice(stat.indexOf('(') + 1, close),
    fields: stat
      .slice(close + 2)
      .split(' ')
      .map(Number),
  };
}

/** CPU seconds of one pid (utime + stime) and of its children it has reaped (cutime + cstime); 0 once it has gone. */
function cpuTimes(pid: number): { own: number; reaped: number } {
  try {
    const { fields } = procStat(`/proc/${pid}/stat`);
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
