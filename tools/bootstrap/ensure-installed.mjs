// Runs before `npm run demo` and `npm test` so that the README's two commands work on a fresh clone:
// installs the exact locked packages (npm ci) when node_modules is missing or older than the
// lockfile. Plain Node with no dependencies, since nothing is installed yet when it runs.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lockfile = path.join(root, 'package-lock.json');
// npm writes this after every install: it describes what node_modules holds.
const installed = path.join(root, 'node_modules', '.package-lock.json');

const upToDate = existsSync(installed) && statSync(installed).mtimeMs >= statSync(lockfile).mtimeMs;
if (!upToDate) {
  process.stderr.write('Installing the locked packages (npm ci), once…\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`npm ci failed (exit ${result.status ?? result.signal}); nothing else was run.\n`);
    process.exit(result.status ?? 1);
  }
}
