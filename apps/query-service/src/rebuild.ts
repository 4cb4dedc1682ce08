// npm run query:rebuild -- <projection|all>: rebuilds read models from the beginning of their topics
// into shadow tables while the query service keeps serving, showing progress, and swaps them in once
// caught up (adapters/rebuild/projection-rebuild.ts). Configuration from the environment, like the service.
import 'reflect-metadata';
import { createLogger } from '@eventshop/observability';
import { projectionsOf } from './adapters/projections';
import { rebuildProjection, type RebuildProgress } from './adapters/rebuild/projection-rebuild';
import { RebuildInProgress } from './adapters/rebuild/rebuild-lock';
import { queryConfigFromEnv } from './config';

const format = (n: number) => Math.round(n).toLocaleString('en-US');

function show(p: RebuildProgress): void {
  const eta = p.etaSeconds === undefined ? '' : `, ETA ${format(p.etaSeconds)} s`;
  const line = `${p.projection}: ${p.phase} — ${format(p.done)} facts, ${format(p.perSecond)} facts/s, lag ${format(p.lag)}${p.phase === 'replaying' ? eta : ''}`;
  // On a terminal the line updates in place; in a log, one line a report.
  process.stderr.write(process.stderr.isTTY ? `\r\x1b[2K${line}${p.phase === 'swapped' ? '\n' : ''}` : `${line}\n`);
}

async function main(): Promise<number> {
  const which = process.argv[2];
  const config = queryConfigFromEnv();
  const names = projectionsOf(config).map((p) => p.name);
  if (!which || (which !== 'all' && !names.includes(which))) {
    process.stderr.write(`usage: npm run query:rebuild -- <${[...names, 'all'].join('|')}>\n`);
    return 2;
  }
  const logger = createLogger('query-rebuild', config.logLevel === 'info' ? 'warn' : config.logLevel);
  for (const projection of which === 'all' ? names : [which]) {
    const started = Date.now();
    await rebuildProjection({ config, projection, logger, onProgress: show });
    process.stderr.write(`${projection}: rebuilt and swapped in after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Another rebuild of it is running: say so in a line, not a stack.
    console.error(error instanceof RebuildInProgress ? error.message : error);
    process.exit(1);
  },
);
