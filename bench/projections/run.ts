// bench/projections: the read side's two figures in one run.
//  1. Rebuild: a million facts in the real envelope on the four facts topics (a busy shop's history),
//     projected live by the running query service, then rebuilt from the beginning with
//     `npm run query:rebuild -- all` (its progress shown as it prints it) while the service serves —
//     against a baseline in the same run: the rows the rebuild produced, written again with plain
//     batched INSERTs through pg.
//  2. Lag: facts committed on a write side (event store + outbox, relayed to Kafka) at a steady rate,
//     and the time from each commit until it is visible in the order views.
// Prints the figures (and with --record appends them to docs/benchmarks.md). Usage: npm run bench:projections -- --help
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Topics } from '@eventshop/contracts';
import { eventStoreMigrations, migrate } from '@eventshop/event-store';
import { createKafka, messagingMigrations } from '@eventshop/messaging';
import { createLogger } from '@eventshop/observability';
import { startProcess } from '@eventshop/stack';
import { consumerLag, freePort, createTestDatabase, createTestTopics, endpointsToEnv, startTestInfrastructure, uniqueName } from '@eventshop/testing';
import { benchCli, recordFigures, runBench, stopChild, undoAtExit } from '../shared/bench-cli';
import { describeRun } from '../shared/machine';
import { percentiles, round } from '../shared/measure';
import { shopFacts, type FactTopic } from './order-histories';
import { measureProjectionLag } from './projection-lag';
import { publishFacts } from './publish-facts';
import { rawInsertBaseline } from './raw-baseline';

const cli = benchCli(
  'bench:projections',
  'Rebuilding every read model from a million facts (against a raw INSERT baseline), and projection lag under steady load.',
  {
    events: { default: '1000000', help: 'facts in the history the rebuild replays' },
    rate: { default: '500', help: 'facts/s committed on the write side while the lag is measured' },
    seconds: { default: '60', help: 'seconds of steady load for the lag' },
  },
);
const events = Number(cli.options.events);
const rate = Number(cli.options.rate);
const seconds = Number(cli.options.seconds);
const say = (line = '') => process.stderr.write(`${line}\n`);
const repoRoot = path.resolve(__dirname, '../..');
const readModelTables = ['order_summary', 'order_timeline', 'product_catalogue', 'product_restocks', 'product_holds'];

async function main() {
  const infrastructure = await startTestInfrastructure();
  undoAtExit(() => infrastructure.stop());
  Object.assign(process.env, endpointsToEnv(infrastructure.endpoints));
  const logger = createLogger('bench-projections', 'warn');
  const runId = uniqueName('benchproj');
  const prefix = `${runId}.`;
  const topics: Record<FactTopic, string> = {
    orderEvents: prefix + Topics.orderEvents,
    inventoryEvents: prefix + Topics.inventoryEvents,
    paymentEvents: prefix + Topics.paymentEvents,
    shippingEvents: prefix + Topics.shippingEvents,
  };
  const createdTopics = await createTestTopics(Object.values(topics), 3);
  undoAtExit(() => createdTopics.delete());
  const queryDb = await createTestDatabase('bench_query', 4);
  undoAtExit(() => queryDb.drop());
  const writeDb = await createTestDatabase('bench_write', 16);
  undoAtExit(() => writeDb.drop());
  await migrate(writeDb.pool, [...eventStoreMigrations, ...messagingMigrations]);
  const kafka = createKafka({ brokers: infrastructure.endpoints.kafkaBrokers, clientId: runId, logger });
  const serviceEnv = { TOPIC_PREFIX: prefix, PGDATABASE: queryDb.name, LOG_LEVEL: 'warn' };
  const logDir = path.join(repoRoot, '.eventshop', 'logs', runId);
  mkdirSync(logDir, { recursive: true });

  say(`query service (its own process, logs in ${path.relative(repoRoot, logDir)})`);
  const query = await startProcess({
    name: 'query',
    app: 'query-service',
    port: await freePort(),
    env: { ...serviceEnv, GRPC_PORT: String(await freePort()) },
    healthPath: '/health/ready',
    logDir,
  });
  undoAtExit(() => query.stop());

  say(`writing ${events.toLocaleString('en-US')} facts to the four facts topics (the live projection follows them)`);
  const writing = performance.now();
  const published = await publishFacts(kafka, topics, shopFacts(`${runId}-h`, events), (sent) => {
    if (sent % 100_000 === 0) say(`  ${sent.toLocaleString('en-US')} written`);
  });
  const writeSeconds = (performance.now() - writing) / 1000;
  say(`  ${published.toLocaleString('en-US')} facts in ${round(writeSeconds, 1)} s`);
  while ((await consumerLag(`${prefix}query.`)) > 0) await new Promise((r) => setTimeout(r, 1_000));
  const liveSeconds = (performance.now() - writing) / 1000;
  say(`  the live projection caught up ${round(liveSeconds, 1)} s after the first fact was written`);
  const rowCounts = async () =>
    Object.fromEntries(
      await Promise.all(readModelTables.map(async (t) => [t, Number((await queryDb.pool.query(`SELECT count(*) FROM ${t}`)).rows[0].count)] as const)),
    );
  const liveRows = await rowCounts();

  say('npm run query:rebuild -- all (while the query service serves), its output:');
  const rebuild = await runRebuild(serviceEnv);
  const rebuiltRows = await rowCounts();
  const sameRows = readModelTables.every((t) => rebuiltRows[t] === liveRows[t]);
  say(
    `  rebuilt tables hold ${sameRows ? 'as many rows as the live ones did' : `OTHER row counts than the live ones: ${JSON.stringify({ liveRows, rebuiltRows })}`}`,
  );

  say(
    `baseline: the ${Object.values(rebuiltRows)
      .reduce((a, b) => a + b, 0)
      .toLocaleString('en-US')} rows of the read models again, batched INSERT of 1,000 rows through pg`,
  );
  const raw = await rawInsertBaseline(queryDb.pool, readModelTables);
  say(`  ${raw.rows.toLocaleString('en-US')} rows in ${round(raw.seconds, 1)} s`);

  // What a steady state has behind it: the million rows just written vacuumed, analysed and
  // checkpointed — otherwise autovacuum and the checkpoint's flush land in the measurement.
  say('settling: VACUUM ANALYZE of the read models, CHECKPOINT');
  await queryDb.pool.query(`VACUUM ANALYZE ${[...readModelTables, 'order_changes', 'projection_checkpoints'].join(', ')}`);
  await queryDb.pool.query('CHECKPOINT');
  say(`lag: ${rate} facts/s committed on a write side for ${seconds} s`);
  const lag = await measureProjectionLag({
    writeDb: writeDb.pool,
    queryDb: queryDb.pool,
    kafka,
    logger,
    topics,
    facts: shopFacts(`${runId}-l`, Number.MAX_SAFE_INTEGER),
    perSecond: rate,
    seconds,
  });
  const { p50Ms, p99Ms } = percentiles(lag.lagsMs);
  say(`  p50 ${p50Ms} ms, p99 ${p99Ms} ms over ${lag.lagsMs.length} facts${lag.unseen ? `, ${lag.unseen} never seen` : ''}`);

  const record = report({
    describe: await describeRun(queryDb.pool),
    published,
    writeSeconds,
    liveSeconds,
    rebuild,
    sameRows,
    rows: rebuiltRows,
    raw,
    lag: { ...lag, p50Ms, p99Ms, maxMs: Math.max(...lag.lagsMs) },
  });
  process.stdout.write(record);
  recordFigures(cli.record, record);
}

interface RebuildRun {
  seconds: number;
  facts: number;
  /** The lines it printed, as a user sees them in a log. */
  lines: string[];
}

/** Runs the rebuild command as a user does and times it, from the command's start to its exit. */
async function runRebuild(env: Record<string, string>): Promise<RebuildRun> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/query-service/src/rebuild.ts', 'all'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  undoAtExit(() => stopChild(child));
  const lines: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    lines.push(line);
    say(`  | ${line}`);
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the rebuild exited with ${code}`);
  // "<projection>: swapped — 1,234 facts, …" per projection: the facts each replayed.
  const facts = lines.filter((l) => / swapped — /.test(l)).reduce((sum, l) => sum + Number(/— ([\d,]+) facts/.exec(l)?.[1].replace(/,/g, '') ?? 0), 0);
  return { seconds: (performance.now() - started) / 1000, facts, lines };
}

function report(run: {
  describe: string;
  published: number;
  writeSeconds: number;
  liveSeconds: number;
  rebuild: RebuildRun;
  sameRows: boolean;
  rows: Record<string, number>;
  raw: { rows: number; seconds: number };
  lag: { committed: number; seconds: number; lagsMs: number[]; unseen: number; pollIntervalMs: number; p50Ms: number; p99Ms: number; maxMs: number };
}): string {
  const rebuildRate = run.published / run.rebuild.seconds;
  const rawRate = run.published / run.raw.seconds;
  const share = rebuildRate / rawRate;
  const offered = run.lag.committed / run.lag.seconds;
  const progress = run.rebuild.lines.filter((l) => / replaying — /.test(l));
  const shown = [
    ...progress.slice(0, 2),
    ...(progress.length > 4 ? ['…'] : []),
    ...progress.slice(-2),
    ...run.rebuild.lines.filter((l) => !/ replaying — /.test(l)),
  ];
  return [
    '',
    `## bench/projections — ${new Date().toISOString().slice(0, 10)}`,
    '',
    run.describe,
    `- history: ${run.published.toLocaleString('en-US')} facts in the real envelope on the four facts topics (3 partitions each), a shop's orders ` +
      `(85 % completed, 15 % compensated three ways, 50 in flight at once); written in ${round(run.writeSeconds, 1)} s, ` +
      `and projected live by the running query service, caught up ${round(run.liveSeconds, 1)} s after the first was written ` +
      `(${round(run.published / run.liveSeconds)} facts/s)`,
    `- read-model rows: ${Object.entries(run.rows)
      .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
      .join(', ')}`,
    '',
    '| measurement | result | against target |',
    '|---|---|---|',
    `| baseline: the same rows, batched INSERT (1,000 rows a statement) through pg | ${round(rawRate)} facts/s (${run.raw.rows.toLocaleString('en-US')} rows in ${round(run.raw.seconds, 1)} s) | baseline |`,
    `| **rebuild** of every read model, \`npm run query:rebuild -- all\`, start to exit | **${round(rebuildRate)} facts/s** (${round(run.rebuild.seconds, 1)} s; ${run.rebuild.facts.toLocaleString('en-US')} facts replayed) | ${rebuildRate >= 20_000 ? 'meets' : 'misses'} ≥ 20,000 facts/s; ${round(share * 100)} % of raw (target ≥ 50 %) |`,
    `| **lag**, commit on the write side → visible in the order views, ${round(offered)} facts/s for ${round(run.lag.seconds)} s | **p50 ${run.lag.p50Ms} / p99 ${run.lag.p99Ms} ms** (max ${run.lag.maxMs} ms, ${run.lag.lagsMs.length.toLocaleString('en-US')} facts${run.lag.unseen ? `, ${run.lag.unseen} never seen` : ''}) | ${run.lag.p99Ms < 100 ? 'meets' : 'misses'} p99 < 100 ms |`,
    '',
    `- the rebuilt tables ${run.sameRows ? 'hold as many rows as the live ones they replaced' : 'do NOT hold as many rows as the live ones they replaced'}`,
    `- lag is read by polling the order-change feed every ${run.lag.pollIntervalMs} ms: each figure may be up to that much late`,
    '- what the rebuild printed (one line a second in a log; on a terminal one line updating in place):',
    '',
    '```',
    ...shown,
    '```',
    '',
  ].join('\n');
}

runBench(main);
