import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LiveChange } from '../../application/ports/live-changes';
import { SseLiveChanges } from './sse-live-changes';

/** A read side whose answers to one order's stream are scripted, one per request, in order. */
function readSide(answers: ((request: IncomingMessage, response: ServerResponse) => void)[]) {
  const resumedFrom: (string | undefined)[] = [];
  const server: Server = createServer((request, response) => {
    resumedFrom.push(request.headers['last-event-id'] as string | undefined);
    const answer = answers.shift();
    if (answer) answer(request, response);
    else response.writeHead(503).end(); // nothing more scripted: refuse, so the client keeps retrying
  });
  return { server, resumedFrom };
}

const streamOf =
  (...events: { id: string; orderId: string }[]) =>
  (_: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of events) response.write(`id: ${event.id}\nevent: order-change\ndata: ${JSON.stringify({ orderId: event.orderId })}\n\n`);
    response.end(); // the stream drops: the client reopens it
  };

describe('SseLiveChanges', () => {
  it('resumes a dropped stream after the last id, and starts over when the read side no longer keeps what followed it (410)', async () => {
    const { server, resumedFrom } = readSide([
      streamOf({ id: '5.1', orderId: 'o-1' }),
      (_, response) => response.writeHead(410, { 'content-type': 'application/problem+json' }).end('{"status":410}'),
      streamOf({ id: '9.1', orderId: 'o-1' }),
    ]);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const received: LiveChange[] = [];
    const subscription = new SseLiveChanges(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
      .follow({ orderId: 'o-1' })
      .subscribe((change) => received.push(change));
    try {
      for (let waited = 0; received.length < 2 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      expect(received.map((change) => change.id)).toEqual(['5.1', '9.1']);
      // The first open from the start; the reopen after 5.1; refused, so the next opens from the start again.
      expect(resumedFrom.slice(0, 3)).toEqual([undefined, '5.1', undefined]);
    } finally {
      subscription.unsubscribe();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
