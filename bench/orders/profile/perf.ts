// Linux perf over every CPU: which process spent the machine's cycles, and in what — the kernel (system
// calls, the network stack, wake-ups), a shared library, or JIT-compiled JavaScript (named through the
// map files of node's --perf-basic-prof). Unlike V8's own profiler, which samples on the wall clock
// and so charges a process for time it spent preempted, perf samples only what runs.
import { spawn } from 'node:child_process';

export interface PerfSample {
  pid: number;
  command: string;
  /** 'kernel', the library's file name, or 'js' for JIT-compiled code. */
  where: string;
  symbol: string;
  count: number;
}

function run(args: string[], stdout?: (chunk: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('perf', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => stdout?.(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`perf ${args[0]} exited with ${code}: ${errors.slice(-500)}`))));
  });
}

/** Samples every CPU at 499 Hz for `seconds` into `file`. */
export const perfRecord = (file: string, seconds: number) => run(['record', '-a', '-F', '499', '-o', file, '--', 'sleep', String(seconds)]);

function whereOf(dso: string): string {
  if (dso.startsWith('[kernel')) return 'kernel';
  if (dso.startsWith('/tmp/perf-') || dso.includes('JIT')) return 'js';
  return dso.slice(dso.lastIndexOf('/') + 1);
}

/** The recording's samples, counted by pid, command, place and symbol. */
export async function perfSamples(file: string): Promise<PerfSample[]> {
  let text = '';
  await run(['report', '-i', file, '--stdio', '--no-children', '-F', 'sample,pid,dso,sym', '-t', '\t', '--percent-limit', '0'], (chunk) => (text += chunk));
  const samples: PerfSample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    const [count, pidCommand, dso, symbol] = line.split('\t').map((f) => f.trim());
    const match = /^(\d+):(.*)$/.exec(pidCommand ?? '');
    if (!match || !Number(count)) continue;
    samples.push({
      pid: Number(match[1]),
      command: match[2],
      where: whereOf(dso ?? ''),
      symbol: (symbol ?? '').replace(/^\[[.k]\]\s*/, ''),
      count: Number(count),
    });
  }
  return samples;
}
