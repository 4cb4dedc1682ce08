// bench/event-store: append, readAll and outbox-relay figures on one PostgreSQL, with baselines from the
// same run (a raw pg INSERT with the same uniqueness check, and Emmett's PostgreSQL event store).
// Prints a table (and with --record appends it to docs/benchmarks.md). Usage: npm run bench:event-store -- --help
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { newEnvelope } from '@eventshop/contracts';
import { beginTransaction, EventStore, eventStoreMigrations, migrate, readAll, START, withTransaction } from '@eventshop/event-store';
import { createKafka, messagingMigrations, Outbox, OutboxRelay, type OutboxMessage } from '@eventshop/messaging';
import { createTestDatabase, createTestTopics, endpointsToEnv, startTestInfrastructure, uniqueName } from '@eventshop/testing';
import type { Pool } from 'pg';
import pino from 'pino';
import { benchCli, recordFigures, runBench, stopChild, undoAtExit } from '../shared/bench-cli';
import { cpuShares, cpuSnapshot, nativeKafkaBrokerPid } from '../shared/cpu-usage';
import { describeRun } from '../shared/machine';
import { closedLoop, median, medianOf, percentiles, round, type Throughput } from '../shared/measure';

const cli = benchCli('bench:event-store', 'Appends, readAll and the outbox relay against a raw INSERT and Emmett, on one PostgreSQL.', {
  seconds: { default: '4', help: 'seconds per measured round' },
  rounds: { default: '5', help: 'alternating rounds per system (each figure is their median)' },
  'hop-rates': { default: '100,1000', help: 'messages/s of the commit -> consumed runs, comma-separated (10 s each)' },
  'hop-batch': {
    default: '1',
    help: 'messages per writer transaction in those runs; above 1 the consumer also handles each fetched batch in one transaction, as the services do under load',
  },
});
const seconds = Number(cli.options.seconds);
// The three systems take turns, round after round, and each figure is the median of its rounds, so
// that drift during the run (checkpoints, table growth) does not favour whoever went first.
const rounds = Number(cli.options.rounds);
const hopRates = cli.options['hop-rates'].split(',').map(Number);
if (!hopRates.every((r) => Number.isFinite(r) && r > 0)) throw new Error(`--hop-rates: positive numbers, comma-separated (got ${cli.options['hop-rates']})`);
const hopBatch = Number(cli.options['hop-batch']);
if (!Number.isInteger(hopBatch) || hopBatch < 1) throw new Error(`--hop-batch: a whole number from 1 (got ${cli.options['hop-batch']})`);
const concurrency = 16;
const logger = pino({ level: 'warn' });
const event = (n: number) => ({ type: 'Numbered', data: { n, note: 'a small event payload of typical size' } });
const tenEvents = (n: number) => Array.from({ length: 10 }, (_, i) => event(n * 10 + i));
const say = (line: string) => process.stderr.write(`${line}\n`);

async function main() {
  const infrastructure = await startTestInfrastructure();
  undoAtExit(() => infrastructure.stop());
  Object.assign(process.env, endpointsToEnv(infrastructure.endpoints));
  const rows: string[][] = [];
  // The relay runs first, on a database of its own, so that the checkpoints and vacuum the append
  // runs leave behind do not land in its latency figures.
  const relayDb = await createTestDatabase('bench_relay', 20);
  const dropRelayDb = undoAtExit(() => relayDb.drop());
  await migrate(relayDb.pool, [...eventStoreMigrations, ...messagingMigrations]);
  const relayRows = await relayFigures(relayDb.pool, infrastructure.endpoints.kafkaBrokers);
  await dropRelayDb();
  const ours = await createTestDatabase('bench_es', concurrency + 4);
  const dropOurs = undoAtExit(() => ours.drop());
  await migrate(ours.pool, [...eventStoreMigrations, ...messagingMigrations]);
  const store = new EventStore(ours.pool);
  const raw = await createTestDatabase('bench_raw', concurrency + 4);
  const dropRaw = undoAtExit(() => raw.drop());
  await raw.pool.query(`CREATE TABLE raw_events (
      global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id text NOT NULL, stream_version int NOT NULL,
      type text NOT NULL, data jsonb NOT NULL, UNIQUE (stream_id, stream_version))`);
  const emmettDb = await createTestDatabase('bench_emmett', concurrency + 4);
  const dropEmmett = undoAtExit(() => emmettDb.drop());
  const { host, port, user, password } = infrastructure.endpoints.postgres;
  const emmett = getPostgreSQLEventStore(`postgresql://${user}:${password}@${host}:${port}/${emmettDb.name}`, {
    connectionOptions: { pooled: true, pool: emmettDb.pool },
  });
  await emmett.appendToStream('warm-up', [event(0)]);

  const runId = uniqueName('r');
  // The baseline: the plainest INSERT of the same events, guarded by the same unique index.
  const rawInsert = (streamId: string, events: ReturnType<typeof event>[]) =>
    raw.pool.query({
      name: `raw-insert-${events.length}`,
      text: `INSERT INTO raw_events (stream_id, stream_version, type, data) VALUES ${events
        .map((_, i) => `($1, ${i + 1}, $${2 + 2 * i}, $${3 + 2 * i}::jsonb)`)
        .join(', ')}`,
      values: [streamId, ...events.flatMap((e) => [e.type, JSON.stringify(e.data)])],
    });

  const results: Record<string, Throughput> = {};
  for (const [size, make] of [
    [1, (n: number) => [event(n)]],
    [10, tenEvents],
  ] as const) {
    say(`appends of ${size} event(s), concurrency ${concurrency}, ${rounds} rounds of ${seconds} s each`);
    const samples: Record<string, Throughput[]> = { raw: [], ours: [], emmett: [] };
    for (let round = 0; round < rounds; round++) {
      const stream = (system: string, w: number, i: number) => `${system}-${runId}-${size}-${round}-${w}-${i}`;
      samples.raw.push(await closedLoop(concurrency, seconds, async (w, i) => void (await rawInsert(stream('raw', w, i), make(i)))));
      samples.ours.push(
        await closedLoop(concurrency, seconds, async (w, i) => {
          await store.appendToStream(stream('ours', w, i), make(i), { expectedVersion: 0 });
        }),
      );
      samples.emmett.push(
        await closedLoop(concurrency, seconds, async (w, i) => {
          await emmett.appendToStream(stream('emmett', w, i), make(i), { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
        }),
      );
    }
    for (const system of Object.keys(samples)) results[`${system}${size}`] = median(samples[system]);
    // Ratios are paired per round (neighbours in time share the machine's mood), then the median taken.
    const ratio = (against: string) => medianOf(samples.ours.map((o, i) => o.perSecond / samples[against][i].perSecond));
    const eventsPerSecond = (t: Throughput) => t.perSecond * size;
    const [r, o, e] = [results[`raw${size}`], results[`ours${size}`], results[`emmett${size}`]];
    rows.push(
      [
        `appends of ${size} event(s), c=${concurrency}: raw INSERT`,
        `${round(eventsPerSecond(r))} events/s`,
        `p50 ${round(r.p50Ms, 1)} / p99 ${round(r.p99Ms, 1)} ms`,
        'baseline',
      ],
      [
        `appends of ${size} event(s), c=${concurrency}: Emmett 0.42`,
        `${round(eventsPerSecond(e))} events/s`,
        `p50 ${round(e.p50Ms, 1)} / p99 ${round(e.p99Ms, 1)} ms`,
        'baseline',
      ],
      [
        `appends of ${size} event(s), c=${concurrency}: **Eventshop**`,
        `**${round(eventsPerSecond(o))} events/s**`,
        `p50 ${round(o.p50Ms, 1)} / p99 ${round(o.p99Ms, 1)} ms`,
        `${round(ratio('raw') * 100)} % of raw (target ≥ 75 %), ${round(ratio('emmett'), 2)}× Emmett (target ≥ 2×)`,
      ],
    );
  }

  say('readAll');
  const readStarted = performance.now();
  let read = 0;
  for (let checkpoint = START; ;) {
    const batch = await readAll(store, checkpoint, { limit: 1000 });
    if (batch.events.length === 0) break;
    read += batch.events.length;
    checkpoint = batch.checkpoint;
  }
  const readSeconds = (performance.now() - readStarted) / 1000;
  rows.push([`readAll in batches of 1,000 (${read} events)`, `${round(read / readSeconds)} events/s`, '', '']);

  rows.push(...relayRows);
  const header = await describeRun(ours.pool);
  await emmett.close().catch(() => undefined);
  await Promise.all([dropOurs(), dropRaw(), dropEmmett()]);

  const table = ['| measurement | result | latency | against target |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const record = `\n## bench/event-store — ${new Date().toISOString().slice(0, 10)}\n\n${header}\n- appends: concurrency ${concurrency}, distinct new streams, median of ${rounds} alternating rounds of ${seconds} s (after 1 s warm-up each); ratios: median of per-round ratios\n\n${table}\n`;
  process.stdout.write(`${record}\n`);
  recordFigures(cli.record, record);
}

async function relayFigures(pool: import('pg').Pool, brokers: string[]): Promise<string[][]> {
  const kafka = createKafka({ brokers, clientId: 'bench', logger });
  const topic = uniqueName('bench.relay');
  const topics = await createTestTopics([topic], 3);
  const service = `bench_${Date.now()}`;
  const outbox = new Outbox(service);
  const relay = new OutboxRelay({ service, pool, kafka, logger, batchSize: 2000, pollIntervalMs: 1000 }).start();
  const stopRelay = undoAtExit(async () => {
    await relay.stop();
    await topics.delete();
  });
  while (!relay.isLeader) await new Promise((r) => setTimeout(r, 20));
  try {
    say('outbox relay throughput (50,000 messages committed at once)');
    const total = 50_000;
    const message = (n: number) => ({ topic, key: `k${n % 100}`, envelope: newEnvelope({ type: 'BenchPing', data: { n }, correlationId: `k${n % 100}` }) });
    const filling = performance.now();
    const writer = await pool.connect();
    const fill = await beginTransaction(writer);
    for (let n = 0; n < total; n += 1000) {
      await outbox.enqueue(
        fill,
        Array.from({ length: 1000 }, (_, i) => message(n + i)),
      );
    }
    await fill.commit(); // writes the gathered rows, commits, and wakes the relay
    writer.release();
    // Time from the commit until every message is acknowledged by Kafka.
    const fillMs = performance.now() - filling;
    const started = performance.now();
    while (relay.published < total) await new Promise((r) => setTimeout(r, 5));
    const relaySeconds = (performance.now() - started) / 1000;
    say(`  (filling the outbox took ${round(fillMs)} ms, not counted)`);
    await pool.query('VACUUM outbox'); // what autovacuum does for a steady state; the 50,000 deletes left dead rows

    const relayRow = [`outbox relay: ${total} messages, batches of 2,000`, `${round(total / relaySeconds)} msg/s`, '', 'target ≥ 10,000 msg/s'];
    const hops = [];
    for (const rate of hopRates) hops.push(await commitToConsumed(pool, outbox, message, topic, service, rate));
    return [relayRow, ...hops];
  } finally {
    await stopRelay();
  }
}

/**
 * One hop as the services make it, at a fixed rate for 10 s: a transaction writes a message to the
 * outbox and commits, the relay publishes it, an inbox consumer in its own process handles it in its
 * own transaction. Reports the latency from COMMIT to the handler, and the CPU one hop costs — every
 * process involved (this one: writer and relay; the consumer; PostgreSQL; the broker) ÷ messages.
 * With --hop-batch N, each transaction writes N messages and the consumer handles a fetched batch
 * in one transaction: the hop as it is when traffic lets the services share their transactions.
 */
async function commitToConsumed(
  pool: Pool,
  outbox: Outbox,
  message: (n: number) => OutboxMessage,
  topic: string,
  service: string,
  rate: number,
): Promise<string[]> {
  say(`commit -> consumed at ${rate} msg/s for 10 s, ${hopBatch} per transaction (consumer in its own process)`);
  // Arrival and commit times are matched afterwards: a message can arrive before COMMIT's answer does.
  const committed = new Map<string, number>();
  const arrived = new Map<string, number>();
  const database = (await pool.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
  const consumer = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'latency-consumer.ts'), database, topic, `bench-${service}`, hopBatch > 1 ? 'batch' : 'each'],
    {
      env: process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const stopConsumer = undoAtExit(() => stopChild(consumer));
  let ready = false;
  createInterface({ input: consumer.stdout }).on('line', (line) => {
    if (line === 'ready') ready = true;
    const [id, at] = line.split(' ');
    if (at) arrived.set(id, Number(at));
  });
  while (!ready) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 3000)); // let the group settle before the clock starts
  const now = () => performance.timeOrigin + performance.now();
  const durationMs = 10_000;
  const pids: Record<string, number> = { 'writer and relay (this process)': process.pid, consumer: consumer.pid ?? -1 };
  const brokerPid = nativeKafkaBrokerPid();
  if (brokerPid) pids['kafka broker'] = brokerPid;
  const cpuBefore = cpuSnapshot(pids);
  const sends: Promise<void>[] = [];
  const t0 = performance.now();
  for (let n = 0; n < (rate * durationMs) / 1000; n += hopBatch) {
    // A transaction leaves when the last of its messages is due.
    const due = t0 + ((n + hopBatch - 1) * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const batch = Array.from({ length: hopBatch }, (_, i) => message(n + i));
    sends.push(
      (async () => {
        // withTransaction sends the relay's wake-up after the commit, as every service does.
        await withTransaction(pool, (tx) => outbox.enqueue(tx, batch));
        const at = now();
        for (const m of batch) committed.set(m.envelope.messageId, at);
      })(),
    );
  }
  await Promise.all(sends);
  const offeredSeconds = (performance.now() - t0) / 1000;
  const deadline = Date.now() + 30_000;
  const allArrived = () => [...committed.keys()].every((id) => arrived.has(id));
  while (!allArrived() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const cpu = cpuShares(cpuBefore, cpuSnapshot(pids), 1);
  await stopConsumer();
  const latencies = [...committed].flatMap(([id, at]) => {
    const arrival = arrived.get(id);
    return arrival === undefined ? [] : [Math.max(0, arrival - at)];
  });
  const { p50Ms, p99Ms } = percentiles(latencies);
  const msPerHop = (cpu.reduce((sum, c) => sum + c.coreShare, 0) * 1000) / committed.size;
  say(`  CPU per hop ${round(msPerHop, 2)} ms: ${cpu.map((c) => `${c.name} ${round((c.coreShare * 1000) / committed.size, 2)}`).join(', ')}`);
  return [
    `commit → consumed (inbox consumer in another process), ${round(committed.size / offeredSeconds)} msg/s offered${hopBatch > 1 ? `, ${hopBatch} per transaction` : ''}, ${latencies.length}/${committed.size} received`,
    `CPU ${round(msPerHop, 2)} ms per hop (${cpu
      .slice(0, 3)
      .map((c) => `${c.name} ${round((c.coreShare * 1000) / committed.size, 2)}`)
      .join(', ')})`,
    `p50 ${round(p50Ms, 1)} / p99 ${round(p99Ms, 1)} ms`,
    'target p99 < 50 ms',
  ];
}

runBench(main);
