// bench:kafka-clients: what the Kafka client costs in a hop — kafkajs, which the services use, against
// @platformatic/kafka, a pure-JavaScript client — on the same broker in the same run. For each rate,
// a producer process sends on a fixed schedule (as a relay does) to a topic of three partitions and a
// consumer process in a group of its own reads it (as an inbox consumer does, without the database),
// both with the same client; the CPU of the producer, the consumer and the broker over the measured
// stretch, ÷ the messages sent in it, is the client's price per message on each side. The clients take
// turns, round after round, and each figure is the median of its rounds.
// Usage: npm run bench:kafka-clients -- --help
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createTestDatabase, createTestTopics, endpointsToEnv, startTestInfrastructure, uniqueName } from '@eventshop/testing';
import { benchCli, recordFigures, runBench, stopChild, undoAtExit, type Undo } from '../shared/bench-cli';
import { cpuShares, cpuSnapshot, nativeKafkaBrokerPid } from '../shared/cpu-usage';
import { describeRun, secondsUntilBrokerWarm } from '../shared/machine';
import { medianOf, round } from '../shared/measure';
import { clientNames, type ClientName } from './clients';

const cli = benchCli('bench:kafka-clients', 'The CPU a Kafka client costs per message, producing and consuming: kafkajs against @platformatic/kafka.', {
  runs: { default: '100x1,1000x10', help: 'rate x messages per request, comma-separated (100x1: 100 msg/s, one per request)' },
  seconds: { default: '15', help: 'measured seconds per run' },
  'warm-up': { default: '5', help: 'seconds each run sends before its measurement starts' },
  rounds: { default: '3', help: 'alternating rounds per client (each figure is their median)' },
});
const runs = cli.options.runs.split(',').map((run) => {
  const [rate, batch] = run.split('x').map(Number);
  if (!(rate > 0) || !Number.isInteger(batch) || batch < 1) throw new Error(`--runs: rate x messages per request, e.g. 100x1 (got ${run})`);
  return { rate, batch };
});
const seconds = Number(cli.options.seconds);
const warmUpSeconds = Number(cli.options['warm-up']);
const rounds = Number(cli.options.rounds);
const say = (line: string) => process.stderr.write(`${line}\n`);

interface Sample {
  /** CPU ms per message sent in the measured stretch. */
  producer: number;
  consumer: number;
  broker: number;
  /** Whether the consumer received every message the producer sent (checked after the producer stopped). */
  complete: boolean;
}

/** A worker process and the latest count it printed. */
function startWorker(args: string[]): { child: ChildProcess; ready: Promise<void>; count: () => number } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'worker.ts'), ...args], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let count = 0;
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker ${args.slice(0, 2).join(' ')} exited (${code}) before it was ready`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line === 'ready') resolve();
      const [, n] = line.split(' ');
      if (n !== undefined) count = Number(n);
    });
  });
  return { child, ready, count: () => count };
}

async function measure(client: ClientName, rate: number, batch: number): Promise<Sample> {
  const topic = uniqueName(`bench-clients-${client}`);
  const topics = await createTestTopics([topic]);
  const deleteTopics = undoAtExit(() => topics.delete());
  const consumer = startWorker(['consumer', client, topic, `${topic}-group`]);
  const stopConsumer = undoAtExit(() => stopChild(consumer.child));
  let stopProducer: Undo | undefined;
  try {
    await consumer.ready;
    await sleep(3_000); // the group settles before anything is sent
    const producer = startWorker(['producer', client, topic, String(rate), String(batch)]);
    stopProducer = undoAtExit(() => stopChild(producer.child));
    await producer.ready;
    await sleep(warmUpSeconds * 1000);
    const pids: Record<string, number> = { producer: producer.child.pid ?? -1, consumer: consumer.child.pid ?? -1, broker: nativeKafkaBrokerPid() ?? -1 };
    const sentBefore = producer.count();
    const before = cpuSnapshot(pids);
    await sleep(seconds * 1000);
    const after = cpuSnapshot(pids);
    const sent = producer.count() - sentBefore;
    await stopProducer();
    const deadline = Date.now() + 30_000;
    while (consumer.count() < producer.count() && Date.now() < deadline) await sleep(100);
    const shares = cpuShares(before, after, 1);
    const msPerMessage = (name: string) => ((shares.find((s) => s.name === name)?.coreShare ?? 0) * 1000) / sent;
    return {
      producer: msPerMessage('producer'),
      consumer: msPerMessage('consumer'),
      broker: msPerMessage('broker'),
      complete: consumer.count() === producer.count(),
    };
  } finally {
    await stopProducer?.();
    await stopConsumer();
    await deleteTopics();
  }
}

async function main(): Promise<void> {
  const infrastructure = await startTestInfrastructure();
  undoAtExit(() => infrastructure.stop());
  Object.assign(process.env, endpointsToEnv(infrastructure.endpoints));
  if (!nativeKafkaBrokerPid()) say('the broker is not tools/kafka here: its CPU is not counted');
  const untilWarm = secondsUntilBrokerWarm();
  if (untilWarm > 0)
    say(`the broker started recently: its JIT compiles for its first minutes, so each client's first rounds may pay for it (${untilWarm} s to go)`);
  const samples = new Map<string, Sample[]>();
  for (let r = 0; r < rounds; r++) {
    for (const { rate, batch } of runs) {
      // Who goes first alternates, so that neither always meets a broker fresher from the other's run.
      const order = r % 2 === 0 ? clientNames : [...clientNames].reverse();
      for (const client of order) {
        say(`round ${r + 1}/${rounds}: ${client}, ${rate} msg/s, ${batch} per request`);
        const sample = await measure(client, rate, batch);
        say(
          `  µs per message: producer ${round(sample.producer * 1000)}, consumer ${round(sample.consumer * 1000)}, broker ${round(sample.broker * 1000)}${sample.complete ? '' : ' (the consumer missed messages)'}`,
        );
        const key = `${rate}x${batch} ${client}`;
        samples.set(key, [...(samples.get(key) ?? []), sample]);
      }
    }
  }
  const rows = runs.flatMap(({ rate, batch }) =>
    clientNames.map((client) => {
      const taken = samples.get(`${rate}x${batch} ${client}`) ?? [];
      const median = (side: keyof Omit<Sample, 'complete'>) => medianOf(taken.map((s) => s[side]));
      const sides = [median('producer'), median('consumer'), median('broker')];
      return [
        `${rate} msg/s, ${batch} per request`,
        client,
        ...sides.map((ms) => String(round(ms * 1000))),
        String(round(sides.reduce((a, b) => a + b, 0) * 1000)),
        taken.every((s) => s.complete) ? 'yes' : 'no',
      ];
    }),
  );
  const table = [
    '| run | client | producer µs/msg | consumer µs/msg | broker µs/msg | together µs/msg | every message received |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
  process.stdout.write(`${table}\n`);
  const db = await createTestDatabase('bench_clients', 2); // describeRun reads PostgreSQL's settings
  const header = await describeRun(db.pool).finally(() => db.drop());
  recordFigures(
    cli.record,
    [
      '',
      `## bench/kafka-clients — ${new Date().toISOString().slice(0, 10)}`,
      '',
      header,
      `- load: ${runs.map(({ rate, batch }) => `${rate} msg/s in requests of ${batch}`).join('; ')}; ${seconds} s measured after ${warmUpSeconds} s, ${rounds} rounds per client, alternately (medians); a topic of 3 partitions per run, producer and consumer in processes of their own, the consumer without a database`,
      '- CPU: utime + stime of each process over the measured stretch (/proc) ÷ the messages sent in it',
      '',
      table,
      '',
    ].join('\n'),
  );
  if (rows.some((row) => row[row.length - 1] !== 'yes')) throw new Error('a consumer did not receive every message sent');
}

runBench(main);
