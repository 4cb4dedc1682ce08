import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionRefused, JsonHttpClient } from './json-http-client';

describe('JsonHttpClient (a real HTTP server on loopback)', () => {
  const received: { path?: string; type?: string; body: string }[] = [];
  let answer: (res: http.ServerResponse) => void = (res) => res.end();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url, type: req.headers['content-type'], body });
      answer(res);
    });
  });
  let baseUrl = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (received.length = 0));

  it('posts JSON under the base URL’s path and answers with the status and the JSON object', async () => {
    answer = (res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{"chargeId":"c-1"}');
    const client = new JsonHttpClient(`${baseUrl}/psp/`, 1_000);
    await expect(client.post('/charges', { amountCents: 5 })).resolves.toEqual({ status: 201, body: { chargeId: 'c-1' } });
    expect(received).toEqual([{ path: '/psp/charges', type: 'application/json', body: '{"amountCents":5}' }]);
    await client.close();
  });

  it('sends no body when there is no payload, and answers {} for a body that is not a JSON object', async () => {
    const client = new JsonHttpClient(baseUrl, 1_000);
    answer = (res) => res.writeHead(502).end('Bad Gateway');
    await expect(client.post('/bookings/o-1/cancel')).resolves.toEqual({ status: 502, body: {} });
    answer = (res) => res.writeHead(200).end('[1, 2]');
    await expect(client.post('/x')).resolves.toEqual({ status: 200, body: {} });
    expect(received[0]).toEqual({ path: '/bookings/o-1/cancel', type: undefined, body: '' });
    await client.close();
  });

  it('keeps its connections for the next calls', async () => {
    const sockets = new Set<unknown>();
    const counting = (req: http.IncomingMessage) => sockets.add(req.socket);
    server.on('request', counting);
    answer = (res) => res.writeHead(200).end('{}');
    const client = new JsonHttpClient(baseUrl, 1_000);
    for (let i = 0; i < 10; i++) await client.post('/again', { i });
    server.off('request', counting);
    expect(sockets.size).toBeLessThanOrEqual(2); // one per call without keep-alive; the pool may open a second while the first is released
    await client.close();
  });

  it('says when the address refused the connection: the provider certainly did not act', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = new JsonHttpClient(`http://127.0.0.1:${port}`, 1_000);
    await expect(client.post('/charges', {})).rejects.toBeInstanceOf(ConnectionRefused);
    await client.close();
  });

  it('fails a call whose answer does not come within the timeout, as an outcome unknown (not a refusal)', async () => {
    answer = () => undefined; // never answers
    const client = new JsonHttpClient(baseUrl, 200);
    const started = Date.now();
    const error = await client.post('/charges', {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ConnectionRefused);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await client.close();
  });
});
