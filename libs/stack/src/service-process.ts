// One process of the stack: started with its environment, its output in a log file, ready when its
// health URL answers 200, stopped by its pid (SIGTERM, then SIGKILL if it does not leave).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@eventshop/testing';

export { repoRoot };

export interface ServiceProcess {
  name: string;
  url: string;
  /** Answers 200 once the process is ready (and again after a fault, if it recovered). */
  healthUrl: string;
  pid: number;
  /** Whether the process is still the one started: it has neither exited nor been killed. */
  running(): boolean;
  /** SIGKILL: the crash the saga must survive. */
  kill(): void;
  /** SIGSTOP / SIGCONT: a process that hangs (a long GC pause, a frozen VM) and then carries on. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

export interface ProcessSpec {
  name: string;
  /** The workspace app to run (apps/<app>), unless `entry` names a script. */
  app: string;
  /** A script to run instead of the app's main (a path from the repository root, through @swc-node/register): a benchmark's own process. */
  entry?: string;
  /** Run its production build (dist/apps/<app>/main.js, from `npx nx build <app>`) instead of its sources. */
  built?: boolean;
  port: number;
  env: Record<string, string>;
  healthPath: string;
  logDir: string;
  /** Extra arguments for node itself, e.g. --prof to profile the process. */
  nodeArgs?: string[];
}

/** How node runs an app: its sources through @swc-node/register (the inner loop), or its build. */
export function appCommand(app: string, built = false): string[] {
  if (!built) return ['-r', '@swc-node/register', path.join(repoRoot, 'apps', app, 'src', 'main.ts')];
  const main = path.join(repoRoot, 'dist', 'apps', app, 'main.js');
  if (!existsSync(main)) throw new Error(`${path.relative(repoRoot, main)} is missing: build it first (npx nx run-many -t build)`);
  return ['--enable-source-maps', main];
}

export async function startProcess(options: ProcessSpec): Promise<ServiceProcess> {
  const command = options.entry ? ['-r', '@swc-node/register', path.join(repoRoot, options.entry)] : appCommand(options.app, options.built);
  const log = createWriteStream(path.join(options.logDir, `${options.name}.log`), { flags: 'a' });
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), ...command], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${options.port}`;
  const healthUrl = `${url}${options.healthPath}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid ?? -1;
  const running = () => child.exitCode === null && child.signalCode === null;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!running()) throw new Error(`${options.name} exited while starting; see ${options.logDir}/${options.name}.log`);
    try {
      if ((await fetch(healthUrl)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} was not ready within 60 s; see ${options.logDir}/${options.name}.log`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name: options.name,
    url,
    healthUrl,
    pid,
    running,
    kill: () => void child.kill('SIGKILL'),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    stop: async () => {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
