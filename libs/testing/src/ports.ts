// Ports for what a test or a stack starts: a free one, or whether a given one is free.
import { createServer } from 'node:net';

/** True when nothing listens on 127.0.0.1:`port` yet. */
export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

// Picked below the kernel's range for outgoing connections' local ports (32768-60999 on Linux): a
// port there, free when picked, can become the local port of some client's connection before the
// process meant to listen on it has started (seen: a second order-service instance failing with
// EADDRINUSE). Ports this process handed out are not handed out again.
const lowestPort = 20_000;
const highestPort = 32_767;
const handedOut = new Set<number>();

/** A port nothing listens on, for something this test or stack is about to start. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = lowestPort + Math.floor(Math.random() * (highestPort - lowestPort + 1));
    if (handedOut.has(port) || !(await portIsFree(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port between ${lowestPort} and ${highestPort}`);
}
