// bench/orders: the whole stack under open-loop load. Orders arrive at fixed rates (a mix of paths);
// for each rate it reports orders/s reaching a terminal state, POST→terminal p50/p95/p99, commits and
// Kafka messages per order and where the CPU went — and, in the same run, PostgreSQL's commit ceiling
// (pgbench), so the table shows what this design could reach on this machine. Ends with the invariant
// check over every order. Prints the table (and with --record appends it to docs/benchmarks.md).
// Usage: npm run bench:orders -- --help
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkInvariants, ShopClient, startStack, type OrderRequest, type Stack } from '@eventshop/stack';
import { createKafka, topicDepths } from '@eventshop/messaging';
import { createLogger } from '@eventshop/observability';
import { endpointsToEnv, startTestInfrastructure } from '@eventshop/testing';
import { Pool } from 'pg';
import { benchCli, recordFigures, runBench, undoOnInterrupt, wasInterrupted } from '../shared/bench-cli';
import { describeRun } from '../shared/machine';
import { round } from '../shared/measure';
import { commitCeiling } from './commit-ceiling';
import { cpuShares, cpuSnapshot } from './cpu-usage';
import { openLoop } from './open-loop';

const cli = benchCli('bench:orders', 'The whole stack under open-loop load at fixed rates, with the commit ceiling of this machine.', {
  seconds: { default: '15', help: 'seconds of load per rate' },
  rates: { default: '10,25,50,100,200,400', help: 'offered orders/s, comma-separated, tried in order' },
});
const seconds = Number(cli.options.seconds);
const ladder = cli.options.rates.split(',').map(Number);
const say = (line = '') => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const skus = Array.from({ length: 10 }, (_, i) => `BENCH-${i}`);

/** The mix of paths: 85 % complete, 5 % out of stock, 5 % declined, 5 % refused by the carrier. */
function orderOf(i: number): OrderRequest {
  const items = [{ sku: skus[i % skus.length], quantity: 1 + (i % 3) }];
  switch (i % 20) {
    case 3:
      return { items: [{ sku: 'SOLD-OUT', quantity: 1 }] };
    case 7:
      return { items, token: 'tok_decline' };
    case 11:
      return { items, country: 'AQ' };
    default:
      return { items };
  }
}

interface Phase {
  rate: number;
  accepted: number;
  rejected: number;
  terminalPerSecond: number;
  ended: number;
  p50: number;
  p95: number;
  p99: number;
  postP99: number;
  commitsPerOrder: number;
  messagesPerOrder: number;
  cpu: { name: string; coreShare: number }[];
  sustained: boolean;
}

async function main() {
  const infrastructure = await startTestInfrastructure();
  undoOnInterrupt(() => infrastructure.stop());
  Object.assign(process.env, endpointsToEnv(infrastructure.endpoints));
  say(`commit ceiling: pgbench, single-row INSERT, 16 clients, 10 s`);
  const ceilingTps = await commitCeiling(infrastructure.endpoints.postgres, 10);
  say(`  ${round(ceilingTps)} commits/s`);
  const stack = await startStack();
  undoOnInterrupt(() => stack.stop());
  const admin = new Pool({ ...infrastructure.endpoints.postgres, database: 'postgres', max: 2 });
  const orderDb = new Pool({ ...stack.databases.order, max: 4 });
  undoOnInterrupt(() => Promise.all([orderDb.end(), admin.end()])); // before the stack drops the databases under them
  try {
    const shop = new ShopClient(stack);
    for (const sku of skus) await shop.addProduct(sku, 1_000_000);
    await shop.addProduct('SOLD-OUT', 0);
    // Write transactions: each one that wrote drew a transaction id, as each pgbench INSERT does — so the
    // next id to be drawn counts them (cluster-wide; nothing else writes during the run). Read-only
    // statements (polls, loads, notifications after commit) draw none and cost no WAL flush.
    const commits = async () => Number((await admin.query<{ n: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS n')).rows[0].n);
    const kafka = createKafka({ brokers: stack.kafkaBrokers, clientId: 'bench-orders', logger: createLogger('bench-orders', 'warn') });
    const messages = async () => Object.values(await topicDepths(kafka, stack.topicPrefix)).reduce((a, b) => a + b, 0);
    const pids = Object.fromEntries([...stack.processes].map(([name, p]) => [name, p.pid]));
    const kafkaPidFile = path.resolve(__dirname, '../../tools/kafka/.cache/kafka.pid');
    if (existsSync(kafkaPidFile)) pids['kafka broker'] = Number(readFileSync(kafkaPidFile, 'utf8'));
    pids['load generator (this process)'] = process.pid;

    say('warm-up: 40 orders at 20/s');
    await runPhase(stack, shop, orderDb, 20, 2, 'warm');
    await sleep(2_000);
    const idleFrom = await commits();
    await sleep(10_000);
    const idleCommitsPerSecond = ((await commits()) - idleFrom) / 10;
    say(`background write transactions while idle: ${round(idleCommitsPerSecond, 1)}/s`);

    const phases: Phase[] = [];
    let ceilingOrders = 0;
    const measure = async (rate: number) => {
      const [commitsBefore, messagesBefore, cpuBefore] = [await commits(), await messages(), cpuSnapshot(pids)];
      const started = Date.now();
      const outcome = await runPhase(stack, shop, orderDb, rate, seconds, `r${rate}`);
      const busySeconds = (Date.now() - started) / 1000;
      const cpu = cpuShares(cpuBefore, cpuSnapshot(pids), busySeconds);
      const messagesPerOrder = ((await messages()) - messagesBefore) / outcome.accepted;
      const elapsed = (Date.now() - started) / 1000;
      const commitsPerOrder = ((await commits()) - commitsBefore - idleCommitsPerSecond * elapsed) / outcome.accepted;
      const phase: Phase = { rate, ...outcome, commitsPerOrder, messagesPerOrder, cpu };
      phases.push(phase);
      say(
        `  ${rate}/s: ${round(phase.terminalPerSecond, 1)} terminal/s, p50 ${phase.p50} p95 ${phase.p95} p99 ${phase.p99} ms, ` +
          `${round(commitsPerOrder, 1)} write transactions and ${round(messagesPerOrder, 1)} messages per order, ${phase.sustained ? 'sustained' : 'NOT sustained'}; ` +
          `CPU ${cpu
            .slice(0, 4)
            .map((c) => `${c.name} ${round(c.coreShare * 100)} %`)
            .join(', ')}`,
      );
      if (!ceilingOrders) ceilingOrders = ceilingTps / commitsPerOrder;
      return phase;
    };

    // The ladder, then half the ceiling (the latency target's rate), then a bisection to the highest sustained rate.
    let highestSustained = 0;
    let lowestUnsustained = Infinity;
    for (const rate of ladder) {
      say(`${rate} orders/s for ${seconds} s`);
      const phase = await measure(rate);
      if (phase.sustained) highestSustained = Math.max(highestSustained, rate);
      else {
        lowestUnsustained = rate;
        break;
      }
    }
    const half = Math.round(ceilingOrders / 2);
    if (!phases.some((p) => p.rate === half) && half < lowestUnsustained * 1.5) {
      say(`${half} orders/s (half the ceiling) for ${seconds} s`);
      const phase = await measure(half);
      if (phase.sustained) highestSustained = Math.max(highestSustained, half);
      else lowestUnsustained = Math.min(lowestUnsustained, half);
    }
    if (Number.isFinite(lowestUnsustained) && lowestUnsustained - highestSustained > highestSustained * 0.2) {
      const middle = Math.round((highestSustained + lowestUnsustained) / 2);
      say(`${middle} orders/s (between the highest sustained and the lowest not) for ${seconds} s`);
      const phase = await measure(middle);
      if (phase.sustained) highestSustained = middle;
    }

    say('invariants over every order of the run');
    const invariants = await checkInvariants(stack, shop, [...skus.map((sku) => ({ sku, stocked: 1_000_000 })), { sku: 'SOLD-OUT', stocked: 0 }], {
      terminalWithinMs: 120_000,
    });
    for (const r of invariants) say(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} — ${r.detail}`);

    const record = await report(phases, {
      ceilingTps,
      ceilingOrders,
      idleCommitsPerSecond,
      highestSustained,
      invariants,
      describe: await describeRun(admin),
      orders: shop.placed.length,
    });
    process.stdout.write(record);
    recordFigures(cli.record, record);
  } finally {
    if (!wasInterrupted()) {
      await orderDb.end();
      await admin.end();
      await stack.stop();
      await infrastructure.stop();
    }
  }
}

/** One rate: send for `seconds`, wait until every accepted order has ended, read the latencies from the saga streams. */
async function runPhase(stack: Stack, shop: ShopClient, orderDb: Pool, rate: number, seconds: number, label: string) {
  const posted: number[] = [];
  const sent = await openLoop(rate, seconds, async (i) => {
    const t = performance.now();
    const id = await shop.place(`bench-${stack.runId}-${label}-${i}`, orderOf(i));
    posted.push(performance.now() - t);
    return id;
  });
  const accepted = sent.filter((s) => s.result !== undefined) as { sentAt: number; result: string }[];
  const sagaOf = new Map(accepted.map((s) => [`saga-order-${s.result}`, s.sentAt]));
  const ends = new Map<string, number>();
  const drainUntil = Date.now() + 120_000;
  while (ends.size < accepted.length && Date.now() < drainUntil) {
    const { rows } = await orderDb.query<{ stream_id: string; at: Date }>(
      `SELECT stream_id, created_at AS at FROM events WHERE type IN ('SagaCompleted', 'SagaCompensated') AND stream_id = ANY($1)`,
      [[...sagaOf.keys()].filter((s) => !ends.has(s))],
    );
    for (const r of rows) ends.set(r.stream_id, r.at.getTime());
    if (ends.size < accepted.length) await sleep(500);
  }
  const latencies = [...ends].map(([stream, at]) => at - (sagaOf.get(stream) ?? at)).sort((a, b) => a - b);
  const at = (q: number, samples: number[]) => (samples.length ? Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]) : NaN);
  const firstSent = Math.min(...accepted.map((s) => s.sentAt));
  const lastEnd = Math.max(...ends.values());
  const terminalPerSecond = ends.size / ((lastEnd - firstSent) / 1000);
  posted.sort((a, b) => a - b);
  return {
    accepted: accepted.length,
    rejected: sent.length - accepted.length,
    ended: ends.size,
    terminalPerSecond,
    p50: at(0.5, latencies),
    p95: at(0.95, latencies),
    p99: at(0.99, latencies),
    postP99: at(0.99, posted),
    // Kept up: nothing refused, everything ended, and the orders ended about as fast as they came.
    sustained: sent.length === accepted.length && ends.size === accepted.length && terminalPerSecond >= 0.9 * rate,
  };
}

async function report(
  phases: Phase[],
  run: {
    ceilingTps: number;
    ceilingOrders: number;
    idleCommitsPerSecond: number;
    highestSustained: number;
    invariants: { name: string; ok: boolean; detail: string }[];
    describe: string;
    orders: number;
  },
): Promise<string> {
  const rows = phases
    .sort((a, b) => a.rate - b.rate)
    .map((p) =>
      [
        `${p.rate}`,
        `${round(p.terminalPerSecond, 1)}`,
        `${p.p50} / ${p.p95} / ${p.p99}`,
        `${p.postP99}`,
        `${round(p.commitsPerOrder, 1)}`,
        `${round(p.messagesPerOrder, 1)}`,
        p.cpu
          .slice(0, 3)
          .map((c) => `${c.name} ${round(c.coreShare * 100)} %`)
          .join(', '),
        p.sustained ? 'yes' : `no (${p.ended}/${p.accepted} ended${p.rejected ? `, ${p.rejected} refused` : ''})`,
      ].join(' | '),
    )
    .map((r) => `| ${r} |`);
  const share = run.highestSustained / run.ceilingOrders;
  const half = phases.filter((p) => p.rate <= run.ceilingOrders / 2).sort((a, b) => b.rate - a.rate)[0];
  return [
    '',
    `## bench/orders — ${new Date().toISOString().slice(0, 10)}`,
    '',
    run.describe,
    `- load: open loop, ${seconds} s per rate, mix 85 % complete / 5 % out of stock / 5 % declined / 5 % carrier refuses, 10 SKUs; ${run.orders} orders in all`,
    '',
    `PostgreSQL commit ceiling (pgbench, single-row INSERT, 16 clients): **${round(run.ceilingTps)} commits/s**; ` +
      `background write transactions while idle: ${round(run.idleCommitsPerSecond, 1)}/s (subtracted).`,
    `At ${round(phases[0]?.commitsPerOrder ?? 0, 1)} write transactions per order (the lowest rate's, before batching helps) that is a ceiling of **${round(run.ceilingOrders)} orders/s** for this design on this machine.`,
    '',
    '| offered orders/s | terminal orders/s | POST→terminal p50 / p95 / p99 ms | POST p99 ms | write transactions/order | Kafka messages/order | busiest processes (share of one core) | sustained |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `- highest sustained: **${run.highestSustained} orders/s** = ${round(share * 100)} % of the ceiling (target ≥ 50 %)`,
    half ? `- at ${half.rate} orders/s (≤ half the ceiling): p99 ${half.p99} ms (target < 500 ms)` : '- no measured rate at or below half the ceiling',
    `- invariants over all ${run.orders} orders: ${
      run.invariants.every((r) => r.ok)
        ? 'all held'
        : `FAILED: ${run.invariants
            .filter((r) => !r.ok)
            .map((r) => `${r.name} (${r.detail})`)
            .join('; ')}`
    }`,
    '',
  ].join('\n');
}

runBench(main);
