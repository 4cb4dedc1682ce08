// Linux perf over every CPU, with call stacks: which process spent the machine's cycles, and on whose
// behalf. Unlike V8's own profiler, which samples on the wall clock and so charges a process for time
// it spent preempted, perf samples only what runs — in the kernel too (a socket write is charged to the
// code that wrote). JavaScript frames are named through the map files of node's --perf-basic-prof.
import { spawn } from 'node:child_process';

export interface PerfFrame {
  symbol: string;
  /** The file the code is in: a binary, a library, [kernel.kallsyms], or a /tmp/perf-<pid>.map of JIT code. */
  dso: string;
}

export interface PerfSample {
  pid: number;
  tid: number;
  command: string;
  /** Leaf first. */
  frames: PerfFrame[];
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

/** Samples every CPU at 499 Hz, with frame-pointer call stacks, for `seconds` into `file`. */
export const perfRecord = (file: string, seconds: number) => run(['record', '-a', '-g', '-F', '499', '-o', file, '--', 'sleep', String(seconds)]);

/** The recording's samples with their stacks (`perf script`: a header line, then one line per frame). */
export async function perfSamples(file: string): Promise<PerfSample[]> {
  const samples: PerfSample[] = [];
  let current: PerfSample | undefined;
  let rest = '';
  const line = (text: string) => {
    const header = /^(\S.*?)\s+(\d+)\/(\d+)\s*$/.exec(text);
    if (header) {
      current = { command: header[1], pid: Number(header[2]), tid: Number(header[3]), frames: [] };
      samples.push(current);
      return;
    }
    const frame = /^\s+[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$/.exec(text);
    if (frame && current) current.frames.push({ symbol: frame[1].replace(/\+0x[0-9a-f]+$/, ''), dso: frame[2] });
  };
  await run(['script', '-i', file, '-F', 'comm,pid,tid,ip,sym,dso'], (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    lines.forEach(line);
  });
  if (rest) line(rest);
  return samples;
}

/** The package a JavaScript frame's file belongs to: node_modules/<package>, a workspace lib or app, or node itself. */
export function packageOfFile(file: string): string {
  const inModules = file.lastIndexOf('node_modules/');
  if (inModules >= 0) {
    const [first, second] = file.slice(inModules + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (file.startsWith('node:')) return 'node';
  const workspace = /\/(libs|apps|bench)\/([^/]+)\//.exec(file);
  return workspace ? `${workspace[1]}/${workspace[2]}` : file;
}

const jsFile = (frame: PerfFrame) => (frame.dso.includes('perf-') ? /\s(\S+?):\d+:\d+$/.exec(frame.symbol)?.[1] : undefined);
const isGc = (frame: PerfFrame) => /v8::internal::(Heap|Scavenger|MarkCompact|MinorMarkCompact|Sweeper|ConcurrentMarking|GCTracer)/.test(frame.symbol);
const isCompiler = (frame: PerfFrame) => /v8::internal::(compiler|Compiler|baseline|maglev|Parser|interpreter::BytecodeGenerator)/.test(frame.symbol);

/**
 * On whose behalf a Node process's sample ran: V8's background threads (concurrent GC, optimising
 * compiler); garbage collection or compilation on the main thread; else the nearest JavaScript frame
 * outside Node's own library — the package whose code ran, or made the system call.
 */
export function causeOf(sample: PerfSample): string {
  if (sample.tid !== sample.pid) return 'V8 and libuv threads (concurrent GC, optimising compiler, DNS/fs pool)';
  if (sample.frames.some(isGc)) return 'garbage collection (main thread)';
  if (sample.frames.some(isCompiler)) return 'compilation (main thread)';
  let nodeOwn: string | undefined;
  for (const frame of sample.frames) {
    const file = jsFile(frame);
    if (!file) continue;
    const pkg = packageOfFile(file);
    if (pkg !== 'node') return pkg;
    nodeOwn ??= pkg;
  }
  return nodeOwn
    ? "node's own library (event loop, streams, timers)"
    : sample.frames[0]?.dso.startsWith('[kernel')
      ? 'kernel, outside JavaScript'
      : 'native, outside JavaScript';
}
