// Runs a command with PostgreSQL and Kafka endpoints in its environment, starting them first when the
// environment has none (see libs/testing/src/infrastructure.ts), and stopping what it started after.
// Usage: tsx tools/test-infra/with-test-infra.ts <command> [args...]; exits with the command's status.
import { spawn } from 'node:child_process';
import { endpointsToEnv, startTestInfrastructure } from '@eventshop/testing';

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  if (!command) throw new Error('usage: with-test-infra <command> [args...]');
  const infrastructure = await startTestInfrastructure();
  process.stderr.write(`[test-infra] ${infrastructure.provenance}\n`);
  try {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...endpointsToEnv(infrastructure.endpoints) } });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    return await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    await infrastructure.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
