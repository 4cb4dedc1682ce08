// Processes a test started by other means than child_process (a daemon writing a pid file), known by pid.
import { existsSync, readFileSync } from 'node:fs';

/** The pid a daemon wrote to `file`, or undefined when it is not running (no file). */
export function pidFromFile(file: string): number | undefined {
  return existsSync(file) ? Number(readFileSync(file, 'utf8')) : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once the process has exited. */
export async function untilExited(pid: number): Promise<void> {
  while (isAlive(pid)) await new Promise((r) => setTimeout(r, 50));
}
