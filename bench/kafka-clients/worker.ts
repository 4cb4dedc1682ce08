// One side of bench:kafka-clients' hop, in a process of its own so that /proc counts its CPU alone.
// Usage (from run.ts):
//   tsx worker.ts consumer <client> <topic> <group>          consumes; prints "received <n>" as it grows
//   tsx worker.ts producer <client> <topic> <rate> <batch>   sends <rate> msg/s, <batch> per request,
//                                                             each request after the last was answered,
//                                                             as a relay does; prints "sent <n>"
// Both print "ready" once started and their last count when SIGTERM stops them.
import { randomBytes, randomUUID } from 'node:crypto';
import { newEnvelope } from '@eventshop/contracts';
import { headersOf } from '@eventshop/messaging';
import { benchClient, type ClientName, type OutgoingMessage } from './clients';

const [role, client, topic, ...rest] = process.argv.slice(2) as [string, ClientName, string, ...string[]];
const kafka = benchClient(client, `bench-${role}`);
let count = 0;
let reported = -1;
const report = (word: string) => {
  if (count === reported) return;
  reported = count;
  process.stdout.write(`${word} ${count}\n`);
};

/** A message as the services send one: its envelope in headers (headersOf), a small JSON payload, keyed by order. */
function message(n: number): OutgoingMessage {
  const orderId = `order-${n % 1000}`;
  const envelope = newEnvelope({
    type: 'StockReserved',
    correlationId: orderId,
    causedBy: { messageId: randomUUID(), traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01` },
    data: { orderId, sku: `SKU-${n % 10}`, quantity: 1 + (n % 3), amountCents: 1999, note: 'a payload of the size the order flow sends' },
  });
  return { key: orderId, value: JSON.stringify(envelope.data), headers: headersOf(envelope) };
}

async function produce(rate: number, batch: number): Promise<void> {
  const t0 = performance.now();
  for (let n = 0; !stopping; n += batch) {
    // A request leaves when the last of its messages is due (open loop: late requests go at once).
    const wait = t0 + ((n + batch - 1) * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (stopping) break;
    await kafka.send(
      topic,
      Array.from({ length: batch }, (_, i) => message(n + i)),
    );
    count += batch;
  }
}

let stopping = false;
let sending: Promise<void> = Promise.resolve();

async function main(): Promise<void> {
  const word = role === 'consumer' ? 'received' : 'sent';
  setInterval(() => report(word), 250).unref();
  process.on('SIGTERM', () => {
    stopping = true;
    void sending
      .then(() => report(word))
      .then(() => kafka.close())
      .finally(() => process.exit(0));
  });
  if (role === 'consumer') {
    await kafka.consume(topic, rest[0], () => count++);
  } else {
    sending = produce(Number(rest[0]), Number(rest[1]));
  }
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
