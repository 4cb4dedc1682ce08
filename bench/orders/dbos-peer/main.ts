// The DBOS peer as a process: POST /orders (the public contract's body and Idempotency-Key) starts the
// checkout workflow — its id is the key, so a repeated POST is the same workflow — and answers 202 once
// DBOS has recorded it. GET /health answers once DBOS is launched.
// Env: PEER_DATABASE_URL (DBOS's system tables and the peer's stock), PSP_URL, CARRIER_URL, PORT, HOST.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { idempotencyKey, placeOrderBody } from '@eventshop/contracts';
import { Pool } from 'pg';
import { peerSchema, registerCheckout } from './checkout.workflow';
import { httpProviders } from './providers';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

async function main() {
  const databaseUrl = env('PEER_DATABASE_URL');
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  await pool.query(peerSchema);
  const checkout = registerCheckout(pool, httpProviders(env('PSP_URL'), env('CARRIER_URL')));
  DBOS.setConfig({ name: 'eventshop-peer', systemDatabaseUrl: databaseUrl, runAdminServer: false, logLevel: 'warn' });
  await DBOS.launch();

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const placeOrder = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const key = idempotencyKey.safeParse(req.headers['idempotency-key']);
    let json: unknown;
    try {
      json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return answer(res, 400, { detail: 'the body is not JSON' });
    }
    const body = placeOrderBody.safeParse(json);
    if (!key.success || !body.success) return answer(res, 400, { detail: (key.error ?? body.error)?.issues[0]?.message });
    const { items, payment, shippingAddress } = body.data;
    await DBOS.startWorkflow(checkout, { workflowID: key.data })({ orderId: key.data, lines: items, paymentToken: payment.token, shippingAddress });
    answer(res, 202, { orderId: key.data, status: 'PENDING' });
  };
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') return answer(res, 200, { status: 'ok' });
    if (req.method === 'POST' && req.url === '/orders') return void placeOrder(req, res).catch((error: Error) => answer(res, 500, { detail: error.message }));
    answer(res, 404, { detail: 'not found' });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(env('PORT')), process.env.HOST ?? '127.0.0.1');
  const stop = async () => {
    server.close();
    await DBOS.shutdown();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
