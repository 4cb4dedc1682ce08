// bench:profile — where the CPU of an order goes inside each process, at one fixed rate. The stack
// runs with V8's sampling profiler in every Node service (--cpu-prof); the broker's CPU is read per
// JVM thread from /proc; PostgreSQL's per statement from pg_stat_statements when it is loaded. Only
// the samples taken while the load ran count (start-up, warm-up and shutdown are cut out by time).
// Prints, per process, CPU ms per order and where its self time goes: by package, then by function.
// Usage: npm run bench:profile -- --help
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ShopClient, startStack, type OrderRequest, type ServiceName } from '@eventshop/stack';
import { endpointsToEnv, startTestInfrastructure } from '@eventshop/testing';
import { benchCli, runBench, undoOnInterrupt } from '../shared/bench-cli';
import { cpuShares, cpuSnapshot, nativeKafkaBrokerPid } from '../shared/cpu-usage';
import { round } from '../shared/measure';
import { openLoop } from './open-loop';
import { brokerThreads, threadShares } from './profile/broker-threads';
import { causeOf, perfRecord, perfSamples, type PerfSample } from './profile/perf';

const cli = benchCli('bench:profile', 'Where the CPU of an order goes inside each process of the stack, at one fixed rate.', {
  rate: { default: '60', help: 'orders/s offered' },
  seconds: { default: '20', help: 'seconds of load profiled' },
  'warm-up': { default: '15', help: 'seconds of orders at 20/s before profiling (JIT compilation settles)' },
  top: { default: '12', help: 'functions listed per process' },
});
const rate = Number(cli.options.rate);
const seconds = Number(cli.options.seconds);
const warmUpSeconds = Number(cli.options['warm-up']);
const top = Number(cli.options.top);
const say = (line = '') => process.stdout.write(`${line}\n`);
const skus = Array.from({ length: 10 }, (_, i) => `PROF-${i}`);
const profiled: ServiceName[] = ['order', 'inventory', 'payment', 'shipping', 'query', 'gateway'];

/** bench:orders' mix: 85 % complete, 5 % out of stock, 5 % declined, 5 % refused by the carrier. */
function orderOf(i: number): OrderRequest {
  const items = [{ sku: skus[i % skus.length], quantity: 1 }];
  if (i % 20 === 3) return { items: [{ sku: 'SOLD-OUT', quantity: 1 }] };
  if (i % 20 === 7) return { items, token: 'tok_decline' };
  if (i % 20 === 11) return { items, country: 'AQ' };
  return { items };
}

async function main() {
  const infrastructure = await startTestInfrastructure();
  undoOnInterrupt(() => infrastructure.stop());
  Object.assign(process.env, endpointsToEnv(infrastructure.endpoints));
  const workDir = mkdtempSync(path.join(tmpdir(), 'eventshop-profile-'));
  // perf resolves JavaScript through the map file each process writes (/tmp/perf-<pid>.map); interpreted
  // functions get frames of their own there too, so a sample in the interpreter is charged to its function.
  const nodeArgs = Object.fromEntries(profiled.map((name) => [name, ['--perf-basic-prof-only-functions']]));
  const stack = await startStack({ nodeArgs });
  undoOnInterrupt(() => stack.stop());
  const shop = new ShopClient(stack);
  for (const sku of skus) await shop.addProduct(sku, 1_000_000);
  await shop.addProduct('SOLD-OUT', 0);
  let n = 0;
  const place = (label: string) => (i: number) => shop.place(`profile-${stack.runId}-${label}-${i}`, orderOf(n++));
  say(`warm-up: ${warmUpSeconds} s at 20 orders/s`);
  await openLoop(20, warmUpSeconds, place('warm'));
  await new Promise((r) => setTimeout(r, 2_000));

  const pids = Object.fromEntries([...stack.processes].map(([name, p]) => [name, p.pid]));
  const brokerPid = nativeKafkaBrokerPid();
  if (brokerPid) pids['kafka broker'] = brokerPid;
  // The orders still on their way when the last POST answered count too: 3 s more (~0.1 ms of idle per order).
  const window = seconds + 3;
  say(`profiling: ${seconds} s at ${rate} orders/s (perf, every CPU, ${window} s)`);
  const perfData = path.join(workDir, 'perf.data');
  const recording = perfRecord(perfData, window);
  const [cpuBefore, threadsBefore] = [cpuSnapshot(pids), brokerPid ? brokerThreads(brokerPid) : undefined];
  const sent = await openLoop(rate, seconds, place('load'));
  await recording;
  const [cpuAfter, threadsAfter] = [cpuSnapshot(pids), brokerPid ? brokerThreads(brokerPid) : undefined];
  const orders = sent.filter((s) => s.result !== undefined).length;
  const perOrder = (coreSeconds: number) => round((coreSeconds * 1000) / orders, 2);
  const names = new Map(Object.entries(pids).map(([name, pid]) => [pid, name]));
  try {
    say(`\n${orders} orders; CPU ms per order by process (user + kernel, /proc):`);
    for (const { name, coreShare } of cpuShares(cpuBefore, cpuAfter, 1)) say(`  ${name.padEnd(28)} ${perOrder(coreShare)}`);
    if (threadsBefore && threadsAfter) {
      say('\nkafka broker, by thread (CPU ms per order):');
      for (const { name, seconds: s } of threadShares(threadsBefore, threadsAfter).slice(0, 6)) say(`  ${name.padEnd(40)} ${perOrder(s)}`);
    }
    const samples = await perfSamples(perfData);
    const byProcess = new Map<string, PerfSample[]>();
    for (const sample of samples) {
      const name = names.get(sample.pid) ?? (sample.command === 'postgres' ? 'postgresql (all backends)' : `other: ${sample.command}`);
      byProcess.set(name, [...(byProcess.get(name) ?? []), sample]);
    }
    const cpu = new Map(cpuShares(cpuBefore, cpuAfter, 1).map((c) => [c.name, c.coreShare]));
    // Each process's CPU per order (/proc) shared out in proportion to its samples.
    const shareOut = (name: string, mine: PerfSample[], key: (s: PerfSample) => string) => {
      for (const [what, count] of tally(mine, key).slice(0, top)) say(`  ${perOrder(((cpu.get(name) ?? 0) * count) / mine.length).toFixed(2).padStart(6)}  ${what}`);
    };
    say(`\nperf: ${samples.length} samples on every CPU. CPU ms per order of each process, by whose code ran (or made the system call):`);
    for (const name of profiled) {
      const mine = byProcess.get(name) ?? [];
      if (mine.length === 0) continue;
      say(`\n${name} (${perOrder(cpu.get(name) ?? 0)} ms per order):`);
      shareOut(name, mine, causeOf);
    }
    const postgres = byProcess.get('postgresql (all backends)') ?? [];
    if (postgres.length > 0) {
      say(`\npostgresql, all backends (${perOrder(cpu.get('postgresql (all backends)') ?? 0)} ms per order), by function:`);
      shareOut('postgresql (all backends)', postgres, (s) => `${s.frames[0]?.symbol ?? '?'}${s.frames[0]?.dso.startsWith('[kernel') ? ' [kernel]' : ''}`);
    }
  } finally {
    await stack.stop();
  }
}

const tally = <T>(items: T[], key: (item: T) => string): [string, number][] => {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(key(item), (totals.get(key(item)) ?? 0) + 1);
  return [...totals].sort((a, b) => b[1] - a[1]);
};

runBench(main);
