// bench:profile — where the CPU of an order goes inside each process, at one fixed rate. Linux perf
// samples every CPU with call stacks while the load runs (the services run with --perf-basic-prof, so
// their JavaScript has names); each process's CPU per order, read from /proc, is shared out in
// proportion to its samples: a Node service's by whose code ran (a package, a workspace lib or app,
// garbage collection, V8's background threads), PostgreSQL's by function, the broker's by thread.
// Beside it, PostgreSQL's statements per order (pg_stat_statements, when the server preloads it) and
// what its connections spent the wall time on (pg_stat_activity, sampled).
// Usage: npm run bench:profile -- --help
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ShopClient, startStack, type ServiceName } from '@eventshop/stack';
import { endpointsToEnv, startTestInfrastructure } from '@eventshop/testing';
import { Pool } from 'pg';
import { benchCli, recordFigures, runBench, undoAtExit } from '../shared/bench-cli';
import { brokerWarmAfterSeconds, describeRun, secondsUntilBrokerWarm } from '../shared/machine';
import { cpuShares, cpuSnapshot, nativeKafkaBrokerPid } from '../shared/cpu-usage';
import { round } from '../shared/measure';
import { openLoop } from './open-loop';
import { benchStock, orderOf } from './order-mix';
import { brokerThreads, threadShares } from './profile/broker-threads';
import { causeOf, perfRecord, perfSamples, type PerfSample } from './profile/perf';
import { enableStatements, shortQuery, startTracking, trackedStatements, type StatementFigures } from './profile/statements';
import { sampleWaits } from './profile/waits';

const cli = benchCli('bench:profile', 'Where the CPU of an order goes inside each process of the stack, at one fixed rate.', {
  rate: { default: '60', help: 'orders/s offered' },
  seconds: { default: '20', help: 'seconds of load profiled' },
  'warm-up': { default: '15', help: 'seconds of orders at 20/s before profiling (JIT compilation settles)' },
  top: { default: '12', help: 'functions listed per process' },
  'node-args': { default: '', help: 'extra flags for node in every service, space-separated (e.g. a V8 flag to compare)' },
});
const rate = Number(cli.options.rate);
const seconds = Number(cli.options.seconds);
const warmUpSeconds = Number(cli.options['warm-up']);
const top = Number(cli.options.top);
const extraNodeArgs = cli.options['node-args'].split(' ').filter(Boolean);
const say = (line = '') => process.stderr.write(`${line}\n`);
const postgresName = 'postgresql (all backends)';
const profiled: ServiceName[] = ['order', 'inventory', 'payment', 'shipping', 'query', 'gateway'];

async function main() {
  const infrastructure = await startTestInfrastructure();
  undoAtExit(() => infrastructure.stop());
  Object.assign(process.env, endpointsToEnv(infrastructure.endpoints));
  const workDir = mkdtempSync(path.join(tmpdir(), 'eventshop-profile-'));
  undoAtExit(async () => rmSync(workDir, { recursive: true, force: true }));
  // perf names JavaScript through the map file each process writes (/tmp/perf-<pid>.map). Not with
  // --interpreted-frames-native-stack: its short-lived trampolines reuse code addresses, and perf then
  // names frames after stale entries of the map.
  const nodeArgs = Object.fromEntries(profiled.map((name) => [name, ['--perf-basic-prof-only-functions', ...extraNodeArgs]]));
  const stack = await startStack({ nodeArgs });
  undoAtExit(async () => {
    await stack.stop();
    // Each profiled process wrote the map perf names its JavaScript by.
    for (const { pid } of stack.processes.values()) rmSync(`/tmp/perf-${pid}.map`, { force: true });
  });
  const shop = new ShopClient(stack);
  for (const [sku, quantity] of Object.entries(benchStock)) await shop.addProduct(sku, quantity);
  let n = 0;
  const place = (label: string) => (i: number) => shop.place(`profile-${stack.runId}-${label}-${i}`, orderOf(n++));
  say(`warm-up: ${warmUpSeconds} s at 20 orders/s`);
  await openLoop(20, warmUpSeconds, place('warm'));
  // A broker started just before the run is still compiling (bench/shared/machine.ts).
  const brokerWarmIn = secondsUntilBrokerWarm();
  if (brokerWarmIn > 0) {
    say(`the broker started less than ${brokerWarmAfterSeconds} s ago: ${brokerWarmIn} s more at 20 orders/s`);
    await openLoop(20, brokerWarmIn, place('warm-broker'));
  }
  await new Promise((r) => setTimeout(r, 2_000));

  const pids = Object.fromEntries([...stack.processes].map(([name, p]) => [name, p.pid]));
  const brokerPid = nativeKafkaBrokerPid();
  if (brokerPid) pids['kafka broker'] = brokerPid;
  // The orders still on their way when the last POST answered count too: 3 s more (~0.1 ms of idle per order).
  const window = seconds + 3;
  say(`profiling: ${seconds} s at ${rate} orders/s (perf, every CPU, ${window} s)`);
  const admin = new Pool({ ...infrastructure.endpoints.postgres, database: 'postgres', max: 1 });
  const statements = await startTracking(admin);
  undoAtExit(async () => {
    await statements?.stopTracking();
    await admin.end();
  });
  // The bench's own backend (statements, wait sampling) is PostgreSQL's CPU, but not the stack's.
  const benchBackend = (await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const databasePrefix = String(stack.readDatabase.database).replace(/query$/, ''); // every service's database is e2e_<run>_<service>
  const perfData = path.join(workDir, 'perf.data');
  const recording = perfRecord(perfData, window);
  const waits = sampleWaits(admin, databasePrefix, 50);
  const [cpuBefore, threadsBefore] = [cpuSnapshot(pids), brokerPid ? brokerThreads(brokerPid) : undefined];
  const sent = await openLoop(rate, seconds, place('load'));
  await recording;
  const waited = await waits.stop();
  const [cpuAfter, threadsAfter] = [cpuSnapshot(pids), brokerPid ? brokerThreads(brokerPid) : undefined];
  const orders = sent.filter((s) => s.result !== undefined).length;
  const perOrder = (coreSeconds: number) => round((coreSeconds * 1000) / orders, 2);
  const names = new Map(Object.entries(pids).map(([name, pid]) => [pid, name]));
  const executed = statements ? await trackedStatements(admin, databasePrefix) : undefined;
  for (const snapshot of [cpuBefore, cpuAfter]) snapshot.delete(`postgres/${benchBackend}`);
  const cpu = cpuShares(cpuBefore, cpuAfter, 1);
  const coreShareOf = new Map(cpu.map((c) => [c.name, c.coreShare]));
  const samples = await perfSamples(perfData);
  const byProcess = new Map<string, PerfSample[]>();
  for (const sample of samples) {
    if (sample.pid === benchBackend) continue;
    const name = names.get(sample.pid) ?? (sample.command === 'postgres' ? postgresName : `other: ${sample.command}`);
    const mine = byProcess.get(name);
    if (mine) mine.push(sample);
    else byProcess.set(name, [sample]);
  }
  // A process's CPU per order (/proc) shared out in proportion to its samples.
  const shareOut = (name: string, key: (s: PerfSample) => string) => {
    const mine = byProcess.get(name) ?? [];
    return tally(mine, key)
      .slice(0, top)
      .map(([what, count]) => `| ${what} | ${perOrder(((coreShareOf.get(name) ?? 0) * count) / mine.length)} |`);
  };
  const threads = threadsBefore && threadsAfter ? threadShares(threadsBefore, threadsAfter).slice(0, 4) : [];
  const record = [
    `\n## bench/profile — ${new Date().toISOString().slice(0, 10)}\n`,
    await describeRun(admin),
    `- load: open loop, ${rate} orders/s for ${seconds} s after ${warmUpSeconds} s at 20/s, bench:orders' mix; ${orders} orders${extraNodeArgs.length ? `; services run with ${extraNodeArgs.join(' ')}` : ''}`,
    `- CPU: utime + stime of each process over the load and 3 s after (/proc) ÷ orders, the bench's own PostgreSQL connection left out; shared out by perf samples (every CPU, 499 Hz, ${samples.length} samples, call stacks)`,
    '',
    '| process | CPU ms/order |',
    '|---|---|',
    ...cpu.filter((c) => c.coreShare > 0).map((c) => `| ${c.name} | ${perOrder(c.coreShare)} |`),
    '',
    ...(threads.length
      ? ['The broker, by thread:', '', '| thread | CPU ms/order |', '|---|---|', ...threads.map((t) => `| ${t.name} | ${perOrder(t.seconds)} |`), '']
      : []),
    "Each service, by whose code ran (or made the system call) — the nearest JavaScript frame outside Node's own library:",
    ...profiled.flatMap((name) => ['', `| ${name} | CPU ms/order |`, '|---|---|', ...shareOut(name, causeOf)]),
    '',
    'PostgreSQL, by function on top of the stack:',
    '',
    '| function | CPU ms/order |',
    '|---|---|',
    ...shareOut(postgresName, (s) => `${s.frames[0]?.symbol ?? '?'}${s.frames[0]?.dso.startsWith('[kernel') ? ' (kernel)' : ''}`),
    '',
    ...(executed ? statementTables(executed, perOrder(coreShareOf.get(postgresName) ?? 0), orders) : [`PostgreSQL, by statement: ${enableStatements}.`, '']),
    "PostgreSQL's connections by what they were doing (pg_stat_activity every 50 ms; idle in transaction: waiting for its service's next statement):",
    '',
    '| database | state | connections on average |',
    '|---|---|---|',
    ...waited.slice(0, top).map((w) => `| ${w.service} | ${w.state} | ${round(w.backends, 2)} |`),
    '',
  ].join('\n');
  process.stdout.write(record);
  recordFigures(cli.record, record);
}

/** Round trips and execution time per order, by service, then each service's frequent statements (its round trips). */
function statementTables(executed: StatementFigures[], postgresCpuMs: number, orders: number): string[] {
  const perOrder = (n: number, digits = 2) => round(n / orders, digits);
  const services = [...new Set(executed.map((s) => s.service))].sort();
  const sum = (of: StatementFigures[], key: 'calls' | 'execMs') => of.reduce((total, s) => total + s[key], 0);
  const isTransactionControl = (s: StatementFigures) => /^(BEGIN|START TRANSACTION|COMMIT|ROLLBACK)\b/i.test(s.query);
  const totalExecMs = perOrder(sum(executed, 'execMs'));
  return [
    `PostgreSQL, by statement (pg_stat_statements; execution is wall time, so a wait for a lock or a commit's WAL flush counts): ${perOrder(sum(executed, 'calls'), 1)} statements per order, executing ${totalExecMs} ms of the ${postgresCpuMs} ms of CPU per order PostgreSQL used`,
    '',
    '| database | statements per order | of which BEGIN (START TRANSACTION) / COMMIT / ROLLBACK | execution ms/order |',
    '|---|---|---|---|',
    ...services.map((service) => {
      const mine = executed.filter((s) => s.service === service);
      return `| ${service} | ${perOrder(sum(mine, 'calls'), 1)} | ${perOrder(sum(mine.filter(isTransactionControl), 'calls'), 1)} | ${perOrder(sum(mine, 'execMs'))} |`;
    }),
    '',
    '| database | statement | per order | execution ms/order | mean µs |',
    '|---|---|---|---|---|',
    // Each database's statements run at least once in ten orders, the most frequent first: its round trips.
    ...services.flatMap((service) =>
      executed
        .filter((s) => s.service === service && s.calls >= orders / 10)
        .sort((a, b) => b.calls - a.calls)
        .map((s) => `| ${service} | ${shortQuery(s.query)} | ${perOrder(s.calls)} | ${perOrder(s.execMs)} | ${round((s.execMs * 1000) / s.calls)} |`),
    ),
    '',
  ];
}

const tally = <T>(items: T[], key: (item: T) => string): [string, number][] => {
  const totals = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    totals.set(k, (totals.get(k) ?? 0) + 1);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
};

runBench(main);
