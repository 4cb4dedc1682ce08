// What every benchmark's command line shares: --help, validated options, --record (figures go to
// docs/benchmarks.md only when asked), and a clean end however the run ends (done, failed, SIGINT or
// SIGTERM) — whatever it started (a broker, databases, the stack) is stopped or dropped before the
// process exits.
import type { ChildProcess } from 'node:child_process';
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

/** Undoes one thing a run started; runs at most once, however often it is called. */
export type Undo = () => Promise<void>;

const pending: Undo[] = [];

/**
 * Registers how to undo something the run started (stop a process, drop a database, delete topics).
 * Returns that undo, for the run to call where it is done with the thing; whatever is still
 * registered when the run ends — done, failed or interrupted — is undone then, newest first, so a
 * bench that fails half-way leaves nothing running behind it.
 */
export function undoAtExit(undo: () => Promise<unknown>): Undo {
  let undoing: Promise<void> | undefined;
  const once: Undo = () => {
    undoing ??= (async () => {
      const at = pending.indexOf(once);
      if (at >= 0) pending.splice(at, 1);
      await undo();
    })();
    return undoing;
  };
  pending.push(once);
  return once;
}

/** Stops a process the run spawned (SIGTERM) and waits until it has exited; nothing if it has already. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

let ending = false;

/** Runs a benchmark's main, then undoes what it left registered: exit 0 when done, 1 on failure, 130 when interrupted. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => endRun(0),
    (error: unknown) => {
      if (ending) return; // failures caused by an interrupt's undoing are expected
      console.error(error);
      endRun(1, 'failed');
    },
  );
}

/** Undoes whatever is still registered, newest first, then exits. */
function endRun(exitCode: number, why?: string): void {
  if (ending) return; // a second Ctrl-C while undoing changes nothing
  ending = true;
  const undo = [...pending].reverse();
  if (why && undo.length > 0) process.stderr.write(`\n${why}: stopping what this run started…\n`);
  (async () => {
    for (const step of undo) await step().catch((error: unknown) => process.stderr.write(`  cleanup failed: ${String(error)}\n`));
  })().finally(() => process.exit(exitCode));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => endRun(130, signal));
// A failure nobody awaited would otherwise end the process on the spot, leaving what it started running.
process.on('unhandledRejection', (reason) => {
  console.error(reason);
  endRun(1, 'unhandled failure');
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
