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
import { perfRecord, perfSamples } from './profile/perf';

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
  // perf resolves JIT-compiled JavaScript through the map file each process writes (/tmp/perf-<pid>.map).
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
    const total = samples.reduce((sum, s) => sum + s.count, 0);
    const share = (count: number) => `${((100 * count) / total).toFixed(1).padStart(5)} %`;
    say(`\nperf: ${total} samples on every CPU; by process and where (kernel / a library / JIT-compiled JavaScript):`);
    for (const [who, count] of tally(samples, (s) => `${names.get(s.pid) ?? s.command} · ${s.where}`).slice(0, top * 2)) say(`  ${share(count)}  ${who}`);
    for (const name of [...profiled, 'postgresql']) {
      const mine = samples.filter((s) => (name === 'postgresql' ? s.command === 'postgres' : names.get(s.pid) === name));
      const own = mine.reduce((sum, s) => sum + s.count, 0);
      if (own === 0) continue;
      say(`\n${name}: ${share(own)} of the samples; its busiest symbols:`);
      for (const [symbol, count] of tally(mine, (s) => `${s.symbol} [${s.where}]`).slice(0, top)) say(`  ${share(count)}  ${symbol}`);
    }
  } finally {
    await stack.stop();
  }
}

const tally = <T extends { count: number }>(items: T[], key: (item: T) => string): [string, number][] => {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(key(item), (totals.get(key(item)) ?? 0) + item.count);
  return [...totals].sort((a, b) => b[1] - a[1]);
};

runBench(main);
