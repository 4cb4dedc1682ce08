// bench/orders: the whole stack under open-loop load, side by side with the DBOS peer (the same four
// steps as one durable workflow in one process, on the same PostgreSQL, with its own fake PSP and
// carrier). Orders arrive at fixed rates (a mix of paths); for each rate and system it reports orders/s
// reaching a terminal state, POST→terminal p50/p95/p99, CPU ms per order per process, write
// transactions and Kafka messages per order — then a burst of orders at a fixed concurrency, and
// PostgreSQL's commit ceiling (pgbench) from the same run. Ends with the invariant checks. Prints the
// table (and with --record appends it to docs/benchmarks.md).
// Usage: npm run bench:orders -- --help
import { setTimeout as sleep } from 'node:timers/promises';
import { checkInvariants, ShopClient, startStack } from '@eventshop/stack';
import { createKafka, topicDepths } from '@eventshop/messaging';
import { createLogger } from '@eventshop/observability';
import { endpointsToEnv, startTestInfrastructure } from '@eventshop/testing';
import { Pool } from 'pg';
import { benchCli, recordFigures, runBench, undoAtExit } from '../shared/bench-cli';
import { brokerWarmAfterSeconds, describeRun, secondsUntilBrokerWarm } from '../shared/machine';
import { round } from '../shared/measure';
import { commitCeiling } from './commit-ceiling';
import { cpuShares, cpuSnapshot, nativeKafkaBrokerPid } from '../shared/cpu-usage';
import { startDbosPeer } from './dbos-peer/dbos-peer';
import { benchStock, orderOf } from './order-mix';
import { burstPhase, ratePhase, type PhaseOutcome } from './phase';
import { idleCpuText, report, type Measured } from './report';
import { stepLatencies } from './step-latency';
import { dbosPeer, eventshop, type SystemUnderTest } from './systems';

const cli = benchCli('bench:orders', 'The whole stack and the DBOS peer under open-loop load at fixed rates, with the commit ceiling of this machine.', {
  seconds: { default: '15', help: 'seconds of load per rate' },
  rates: { default: '25,50,100,150,200,250,300', help: 'offered orders/s, comma-separated, tried in order' },
  burst: { default: '1000', help: 'orders in the burst (0: none)' },
  concurrency: { default: '64', help: 'requests in flight during the burst' },
  'warm-up': { default: '20', help: 'seconds of orders at 20/s into each system before measuring (JIT compilation settles)' },
});
const seconds = Number(cli.options.seconds);
const ladder = cli.options.rates.split(',').map(Number);
const burst = { total: Number(cli.options.burst), concurrency: Number(cli.options.concurrency) };
const warmUpSeconds = Number(cli.options['warm-up']);
const say = (line = '') => process.stderr.write(`${line}\n`);
async function main() {
  const infrastructure = await startTestInfrastructure();
  undoAtExit(() => infrastructure.stop());
  Object.assign(process.env, endpointsToEnv(infrastructure.endpoints));
  say(`commit ceiling: pgbench, single-row INSERT, 16 clients, 10 s`);
  const ceilingTps = await commitCeiling(infrastructure.endpoints.postgres, 10);
  say(`  ${round(ceilingTps)} commits/s`);
  const stack = await startStack();
  undoAtExit(() => stack.stop());
  const peer = await startDbosPeer({ logDir: stack.logDir, stock: benchStock });
  undoAtExit(() => peer.stop());
  const admin = new Pool({ ...infrastructure.endpoints.postgres, database: 'postgres', max: 2 });
  const orderDb = new Pool({ ...stack.databases.order, max: 4 });
  const readDb = new Pool({ ...stack.readDatabase, max: 2 });
  undoAtExit(() => Promise.all([orderDb.end(), readDb.end(), admin.end()])); // before the stack drops the databases under them
  const shop = new ShopClient(stack);
  for (const [sku, quantity] of Object.entries(benchStock)) await shop.addProduct(sku, quantity);
  // Write transactions: each one that wrote drew a transaction id, as each pgbench INSERT does — so the
  // next id to be drawn counts them (cluster-wide; the other system is idle meanwhile). Read-only
  // statements (polls, loads, notifications after commit) draw none and cost no WAL flush.
  const commits = async () => Number((await admin.query<{ n: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS n')).rows[0].n);
  const kafka = createKafka({ brokers: stack.kafkaBrokers, clientId: 'bench-orders', logger: createLogger('bench-orders', 'warn') });
  const messages = async () => Object.values(await topicDepths(kafka, stack.topicPrefix)).reduce((a, b) => a + b, 0);
  const systems = [eventshop(stack, shop, orderDb, readDb, nativeKafkaBrokerPid()), dbosPeer(peer)];
  const [shopSystem] = systems;
  const keyOf = (system: SystemUnderTest, label: string) => (i: number) => `bench-${stack.runId}-${system === shopSystem ? 's' : 'p'}-${label}-${i}`;

  // Each process compiles its hot code in the background for its first minute or so: 15–22 % of a
  // service's CPU goes to V8's compiler threads right after start, ~1 % two minutes in (perf).
  say(`warm-up: ${warmUpSeconds} s at 20 orders/s each`);
  for (const system of systems) await ratePhase(system, 20, warmUpSeconds, keyOf(system, 'warm'), orderOf);
  // A broker started just before the run is still compiling: only Eventshop uses it, so only
  // Eventshop warms up until it has settled.
  const brokerWarmIn = secondsUntilBrokerWarm();
  if (brokerWarmIn > 0) {
    say(`the broker started less than ${brokerWarmAfterSeconds} s ago: Eventshop warms up ${brokerWarmIn} s more`);
    await ratePhase(shopSystem, 20, brokerWarmIn, keyOf(shopSystem, 'warm-broker'), orderOf);
  }
  await sleep(2_000);
  const [idleFrom, idleCpuFrom] = [await commits(), cpuSnapshot(shopSystem.pids)];
  await sleep(10_000);
  const idleCommitsPerSecond = ((await commits()) - idleFrom) / 10;
  // What Eventshop costs doing nothing (polls, fetches, heartbeats): at a low rate it is most of the CPU per order.
  const idleCpu = idleCpuText(cpuShares(idleCpuFrom, cpuSnapshot(shopSystem.pids), 10));
  say(`background write transactions while idle: ${round(idleCommitsPerSecond, 1)}/s`);
  say(`Eventshop idle: ${idleCpu}`);

  const measure = async (system: SystemUnderTest, label: string, run: () => Promise<PhaseOutcome>, rate?: number): Promise<Measured> => {
    const [commitsBefore, messagesBefore] = [await commits(), await messages()];
    const cpuBefore = cpuSnapshot(system.pids);
    const started = Date.now();
    const outcome = await run();
    const elapsed = (Date.now() - started) / 1000;
    const cpu = cpuShares(cpuBefore, cpuSnapshot(system.pids), 1).map((c) => ({ name: c.name, msPerOrder: (c.coreShare * 1000) / outcome.accepted }));
    const measured: Measured = {
      system: system.name,
      label,
      rate,
      ...outcome,
      commitsPerOrder: ((await commits()) - commitsBefore - idleCommitsPerSecond * elapsed) / outcome.accepted,
      messagesPerOrder: ((await messages()) - messagesBefore) / outcome.accepted,
      cpu,
      cpuMsPerOrder: cpu.reduce((sum, c) => sum + c.msPerOrder, 0),
      sustained: rate === undefined || (outcome.rejected === 0 && outcome.ended === outcome.accepted && outcome.terminalPerSecond >= 0.9 * rate),
    };
    say(
      `  ${system.name} ${label}: ${round(measured.terminalPerSecond, 1)} terminal/s, p50 ${measured.p50} p95 ${measured.p95} p99 ${measured.p99} ms, ` +
        `${measured.lagP99 === undefined ? '' : `projection lag p50 ${measured.lagP50} p99 ${measured.lagP99} ms, `}${round(measured.cpuMsPerOrder, 1)} ms CPU, ${round(measured.commitsPerOrder, 1)} write transactions, ${round(measured.messagesPerOrder, 1)} messages per order` +
        `${rate === undefined ? '' : measured.sustained ? ', sustained' : ', NOT sustained'}; ${cpu
          .slice(0, 4)
          .map((c) => `${c.name} ${round(c.msPerOrder, 1)} ms`)
          .join(', ')}`,
    );
    return measured;
  };
  const atRate = (system: SystemUnderTest, rate: number) =>
    measure(system, `${rate}/s`, () => ratePhase(system, rate, seconds, keyOf(system, `r${rate}`), orderOf), rate);

  // The ladder, each system until its first rate not sustained — the two take turns at each rate.
  const phases: Measured[] = [];
  const going = new Set(systems);
  for (const rate of ladder) {
    if (going.size === 0) break;
    say(`${rate} orders/s for ${seconds} s`);
    for (const system of systems.filter((s) => going.has(s))) {
      const phase = await atRate(system, rate);
      phases.push(phase);
      if (!phase.sustained) going.delete(system);
      await sleep(2_000);
    }
  }
  // Eventshop's highest sustained rate, to within 20 %.
  const highest = (system: SystemUnderTest) => Math.max(0, ...phases.filter((p) => p.system === system.name && p.sustained).map((p) => p.rate ?? 0));
  const lowestNot = Math.min(...phases.filter((p) => p.system === shopSystem.name && !p.sustained).map((p) => p.rate ?? Infinity));
  if (Number.isFinite(lowestNot) && lowestNot - highest(shopSystem) > highest(shopSystem) * 0.2) {
    const middle = Math.round((highest(shopSystem) + lowestNot) / 2);
    say(`${middle} orders/s (between Eventshop's highest sustained and lowest not) for ${seconds} s`);
    phases.push(await atRate(shopSystem, middle));
  }
  if (burst.total > 0) {
    for (const system of systems) {
      say(`${system.name}: a burst of ${burst.total} orders, ${burst.concurrency} in flight`);
      phases.push(
        await measure(system, `burst ${burst.total} @${burst.concurrency}`, () =>
          burstPhase(system, burst.total, burst.concurrency, keyOf(system, 'burst'), orderOf),
        ),
      );
      await sleep(2_000);
    }
  }

  // Where the time of an order goes, at Eventshop's lowest rate (the one with the most room).
  const lowest = phases.filter((p) => p.system === shopSystem.name && p.rate !== undefined).sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0))[0];
  const steps = lowest ? { label: lowest.label, stretches: await stepLatencies(stack, lowest.orders) } : undefined;
  if (steps) {
    say(`where an Eventshop order's time goes at ${steps.label} (p50 / p95 ms)`);
    for (const s of steps.stretches) say(`  ${s.from} → ${s.to}: ${s.p50} / ${s.p95}`);
  }

  say('invariants over every order of the run');
  const invariants = await checkInvariants(
    stack,
    shop,
    Object.entries(benchStock).map(([sku, stocked]) => ({ sku, stocked })),
    {
      terminalWithinMs: 120_000,
    },
  );
  for (const sku of Object.keys(benchStock)) {
    const { available, reserved, committed } = await peer.stockOf(sku);
    invariants.push({
      name: `DBOS peer: stock conserved for ${sku}`,
      ok: available + reserved + committed === benchStock[sku] && reserved === 0,
      detail: `stocked ${benchStock[sku]} = available ${available} + reserved ${reserved} + committed ${committed}`,
    });
  }
  for (const r of invariants) say(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} — ${r.detail}`);

  const record = report(phases, {
    seconds,
    warmUpSeconds,
    ceilingTps,
    idleCommitsPerSecond,
    idleCpu,
    highestSustained: Object.fromEntries(systems.map((s) => [s.name, highest(s)])),
    steps,
    invariants,
    describe: await describeRun(admin),
    orders: shop.placed.length,
  });
  process.stdout.write(record);
  recordFigures(cli.record, record);
}

runBench(main);
