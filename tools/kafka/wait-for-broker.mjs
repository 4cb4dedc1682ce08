// Asks a Kafka broker for metadata (Metadata v0, raw protocol, no dependencies) until it lists itself.
// Usage: node wait-for-broker.mjs host:port [timeoutSeconds]. Exit 0 when ready, 1 on timeout.
import net from 'node:net';

const [host, port] = (process.argv[2] ?? '127.0.0.1:9092').split(':');
const deadline = Date.now() + Number(process.argv[3] ?? 60) * 1000;

function metadataRequest() {
  const clientId = Buffer.from('eventshop-wait');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4);
  let o = body.writeInt16BE(3, 0); // api key: Metadata
  o = body.writeInt16BE(0, o); // version 0
  o = body.writeInt32BE(1, o); // correlation id
  o = body.writeInt16BE(clientId.length, o);
  o += clientId.copy(body, o);
  body.writeInt32BE(0, o); // no topics: v0 answers brokers + all topics
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

function brokerCount() {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port) });
    let data = Buffer.alloc(0);
    const done = (n) => {
      socket.destroy();
      resolve(n);
    };
    socket.setTimeout(2000, () => done(0));
    socket.on('error', () => done(0));
    socket.on('connect', () => socket.write(metadataRequest()));
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= 4 && data.length >= 4 + data.readInt32BE(0)) done(data.readInt32BE(8)); // brokers array length
    });
  });
}

for (;;) {
  if ((await brokerCount()) > 0) process.exit(0);
  if (Date.now() > deadline) {
    console.error(`kafka: no metadata answer from ${host}:${port}`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 500));
}
