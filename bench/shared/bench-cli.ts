// What every benchmark's command line shares: --help, validated options, --record (figures go to
// docs/benchmarks.md only when asked), and a clean stop on SIGINT/SIGTERM — whatever the run started
// (a broker, databases, the stack) is stopped or dropped before the process exits.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOption {
  default: string;
  help: string;
}

export interface BenchCli<K extends string> {
  options: Record<K, string>;
  /** Whether to append the figures to docs/benchmarks.md (--record). */
  record: boolean;
}

/** Parses the command line; prints the usage and exits on --help, or on an unknown option (exit 2). */
export function benchCli<K extends string>(command: string, about: string, options: Record<K, BenchOption>): BenchCli<K> {
  const width = Math.max(18, ...Object.keys(options).map((name) => `--${name} <value> `.length));
  const usage = [
    `usage: npm run ${command} -- [options]`,
    '',
    about,
    '',
    'options:',
    ...Object.entries<BenchOption>(options).map(([name, o]) => `  ${`--${name} <value>`.padEnd(width)}${o.help} (default ${o.default})`),
    `  ${'--record'.padEnd(width)}append the figures to docs/benchmarks.md (otherwise they are only printed)`,
    `  ${'--help'.padEnd(width)}this text`,
  ].join('\n');
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      options: {
        ...Object.fromEntries(Object.entries<BenchOption>(options).map(([name, o]) => [name, { type: 'string' as const, default: o.default }])),
        record: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    process.exit(2);
  }
  if (parsed.values['help']) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return { options: parsed.values as Record<K, string>, record: parsed.values['record'] === true };
}

const cleanups: (() => Promise<unknown>)[] = [];

/** Registers what must be undone if the run is interrupted; call the returned function once it is undone anyway. */
export function undoOnInterrupt(cleanup: () => Promise<unknown>): () => void {
  cleanups.push(cleanup);
  return () => void cleanups.splice(cleanups.indexOf(cleanup), 1);
}

let interrupted = false;

/** True once SIGINT/SIGTERM arrived: the run's own finally blocks leave the undoing to the interrupt. */
export const wasInterrupted = () => interrupted;

/** Runs a benchmark's main: exit 0 when done, 1 on failure — unless interrupted, whose cleanup decides. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      if (interrupted) return; // failures caused by the interrupt's cleanup are expected
      console.error(error);
      process.exit(1);
    },
  );
}
/** Undoes whatever the run registered, newest first, then exits. */
function stopEverything(why: string, exitCode: number): void {
  if (interrupted) return; // a second Ctrl-C while cleaning up changes nothing
  interrupted = true;
  process.stderr.write(`\n${why}: stopping what this run started…\n`);
  const undo = [...cleanups].reverse();
  (async () => {
    for (const cleanup of undo) await cleanup().catch((error: unknown) => process.stderr.write(`  cleanup failed: ${String(error)}\n`));
  })().finally(() => process.exit(exitCode));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopEverything(signal, 130));
// A failure nobody awaited would otherwise end the process on the spot, leaving what it started running.
process.on('unhandledRejection', (reason) => {
  console.error(reason);
  stopEverything('unhandled failure', 1);
});

/** Appends a record to docs/benchmarks.md when the run was asked to (--record). */
export function recordFigures(record: boolean, text: string): void {
  if (!record) {
    process.stderr.write('not recorded (add --record to append these figures to docs/benchmarks.md)\n');
    return;
  }
  appendFileSync(path.resolve(__dirname, '../../docs/benchmarks.md'), text);
  process.stderr.write('appended to docs/benchmarks.md\n');
}
