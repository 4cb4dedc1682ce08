// bench/live-changes: what live subscribers cost the read side. The query service runs in its own
// process on its own database and topics; this process opens Server-Sent Event streams of every order's
// changes from now on (what a dashboard holds open), and measures the CPU of the query service and of
// PostgreSQL's backends while they are idle — against the same service with no subscriber, in the same
// run — and then while orders are placed, checking that every subscriber received every change.
// Prints the figures (and with --record appends them to docs/benchmarks.md). Usage: npm run bench:live-changes -- --help
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { envelopeOf, Facts, Topics } from '@eventshop/contracts';
import { headersOf } from '@eventshop/messaging';
import { startProcess } from '@eventshop/stack';
import { createTestDatabase, createTestTopics, endpointsToEnv, freePort, startTestInfrastructure, testKafka, uniqueName } from '@eventshop/testing';
import { createParser } from 'eventsource-parser';
import { Partitioners } from 'kafkajs';
import { benchCli, recordFigures, runBench, undoAtExit } from '../shared/bench-cli';
import { cpuShares, cpuSnapshot } from '../shared/cpu-usage';
import { describeRun } from '../shared/machine';
import { round } from '../shared/measure';

const cli = benchCli(
  'bench:live-changes',
  'The CPU live subscribers to order changes cost the query service and PostgreSQL, idle and while orders are placed.',
  {
    subscribers: { default: '50', help: "streams of every order's changes held open at once" },
    seconds: { default: '10', help: 'seconds each phase is measured' },
    orders: { default: '20', help: 'orders placed (one change each) during the last phase' },
  },
);
const subscribers = Number(cli.options.subscribers);
const seconds = Number(cli.options.seconds);
const orders = Number(cli.options.orders);
const say = (line = '') => process.stderr.write(`${line}\n`);
const repoRoot = path.resolve(__dirname, '../..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Phase {
  name: string;
  queryShare: number;
  postgresShare: number;
}

/** One subscriber: a stream of every order's changes from now on, counting what arrives. */
function subscribe(url: string, stop: AbortSignal): { received: () => number; opened: Promise<void> } {
  let received = 0;
  let opened!: () => void;
  const isOpen = new Promise<void>((resolve) => (opened = resolve));
  void (async () => {
    const response = await fetch(`${url}/orders/stream?from=now`, { headers: { accept: 'text/event-stream' }, signal: stop });
    opened();
    const parser = createParser({ onEvent: (event) => void (event.event === 'order-change' && received++) });
    const decoder = new TextDecoder();
    if (!response.body) throw new Error(`the stream answered ${response.status}`);
    for await (const chunk of response.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
  })().catch(() => opened()); // aborted at the end of the run
  return { received: () => received, opened: isOpen };
}

async function main() {
  const infrastructure = await startTestInfrastructure();
  undoAtExit(() => infrastructure.stop());
  Object.assign(process.env, endpointsToEnv(infrastructure.endpoints));
  const runId = uniqueName('benchlive');
  const prefix = `${runId}.`;
  const createdTopics = await createTestTopics(
    [Topics.orderEvents, Topics.inventoryEvents, Topics.paymentEvents, Topics.shippingEvents].map((t) => prefix + t),
    3,
  );
  undoAtExit(() => createdTopics.delete());
  const queryDb = await createTestDatabase('bench_live', 4);
  undoAtExit(() => queryDb.drop());
  const logDir = path.join(repoRoot, '.eventshop', 'logs', runId);
  mkdirSync(logDir, { recursive: true });

  say(`query service (its own process, logs in ${path.relative(repoRoot, logDir)})`);
  const port = await freePort();
  const query = await startProcess({
    name: 'query',
    app: 'query-service',
    port,
    env: { TOPIC_PREFIX: prefix, PGDATABASE: queryDb.name, LOG_LEVEL: 'warn', GRPC_PORT: String(await freePort()) },
    healthPath: '/health/ready',
    logDir,
  });
  undoAtExit(() => query.stop());
  const streams = new AbortController();
  undoAtExit(async () => streams.abort()); // the subscribers' streams close before the service stops
  const url = `http://127.0.0.1:${port}`;
  const measure = async (name: string, during: () => Promise<unknown> = () => sleep(seconds * 1_000)): Promise<Phase> => {
    const before = cpuSnapshot({ query: query.pid });
    const started = performance.now();
    await during();
    const shares = cpuShares(before, cpuSnapshot({ query: query.pid }), (performance.now() - started) / 1000);
    const share = (process: string) => shares.find((s) => s.name === process)?.coreShare ?? 0;
    const phase = { name, queryShare: share('query'), postgresShare: share('postgresql (all backends)') };
    say(`  ${name}: query ${round(phase.queryShare * 100, 1)} %, postgresql ${round(phase.postgresShare * 100, 1)} % of a core`);
    return phase;
  };

  await sleep(3_000); // the service's start-up settles
  say(`idle, no subscriber, ${seconds} s`);
  const alone = await measure('idle, no subscriber');

  say(`${subscribers} subscribers to every order's changes, idle, ${seconds} s`);
  const open = Array.from({ length: subscribers }, () => subscribe(url, streams.signal));
  await Promise.all(open.map((s) => s.opened));
  await sleep(2_000);
  const idle = await measure(`idle, ${subscribers} subscribers`);

  say(`${orders} orders placed over ${seconds} s, the ${subscribers} subscribers following`);
  const producer = testKafka().producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const placed = await measure(`${orders} orders placed, ${subscribers} subscribers`, async () => {
    for (let i = 0; i < orders; i++) {
      const orderId = `${runId}-o${i}`;
      const envelope = envelopeOf(
        Facts.OrderPlaced,
        {
          orderId,
          customerId: 'c-live',
          lines: [{ sku: 'BENCH-0', quantity: 1 }],
          shippingAddress: { name: 'Ada', line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
        },
        { correlationId: orderId },
      );
      await producer.send({
        topic: prefix + Topics.orderEvents,
        messages: [{ key: orderId, value: JSON.stringify(envelope.data), headers: headersOf(envelope) }],
      });
      await sleep((seconds * 1_000) / orders);
    }
    for (let waited = 0; waited < 10_000 && open.some((s) => s.received() < orders); waited += 100) await sleep(100);
  });
  await producer.disconnect();
  const complete = open.filter((s) => s.received() === orders).length;
  say(`  ${complete} of ${subscribers} subscribers received all ${orders} changes`);

  const record = report(await describeRun(queryDb.pool), [alone, idle, placed], complete);
  process.stdout.write(record);
  recordFigures(cli.record, record);
}

function report(describe: string, phases: Phase[], complete: number): string {
  const [alone, idle] = phases;
  const perSubscriberMs = ((idle.queryShare + idle.postgresShare - alone.queryShare - alone.postgresShare) * 1000) / subscribers;
  return [
    `\n## bench/live-changes — ${new Date().toISOString().slice(0, 10)}\n`,
    describe,
    `- subscribers: ${subscribers} Server-Sent Event streams of every order's changes from now on; phases of ${seconds} s\n`,
    '| phase | query service, % of a core | PostgreSQL, % of a core |',
    '|---|---|---|',
    ...phases.map((p) => `| ${p.name} | ${round(p.queryShare * 100, 1)} | ${round(p.postgresShare * 100, 1)} |`),
    '',
    `- an idle subscriber costs **${round(perSubscriberMs, 2)} ms of CPU per second** (query service and PostgreSQL, over the service alone)`,
    `- ${complete} of ${subscribers} subscribers received every one of the ${orders} changes`,
    '',
  ].join('\n');
}

runBench(main);
