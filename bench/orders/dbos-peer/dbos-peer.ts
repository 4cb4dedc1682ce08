// Starts the DBOS peer for a benchmark run: its own database (DBOS's system tables and its stock), its
// own fake PSP and carrier (so their ledgers stay Eventshop's), and its process; places orders with the
// same body and Idempotency-Key as the shop client; reads when each workflow ended from DBOS's tables.
import { orderBody, startProcess, type OrderRequest, type ServiceProcess } from '@eventshop/stack';
import { createTestDatabase, freePort } from '@eventshop/testing';

export interface DbosPeer {
  /** The peer's processes by name (for their CPU), the peer itself first. */
  processes: Map<string, ServiceProcess>;
  place(idempotencyKey: string, request: OrderRequest): Promise<string>;
  /** When each of these workflows ended (epoch ms), for those that did, and how. */
  ended(orderIds: string[]): Promise<Map<string, { at: number; outcome: string }>>;
  /** Stock that is neither available nor committed nor reserved would be lost: stocked = the sum. */
  stockOf(sku: string): Promise<{ available: number; reserved: number; committed: number }>;
  stop(): Promise<void>;
}

export async function startDbosPeer(options: { logDir: string; stock: Record<string, number> }): Promise<DbosPeer> {
  const db = await createTestDatabase('dbos_peer', 2);
  const { host, port, user, password } = db.config;
  const databaseUrl = `postgres://${encodeURIComponent(user ?? '')}:${encodeURIComponent(String(password ?? ''))}@${host}:${port}/${db.name}`;
  const processes = new Map<string, ServiceProcess>();
  const stop = async () => {
    await Promise.all([...processes.values()].map((p) => p.stop()));
    await db.drop();
  };
  try {
    const common = { healthPath: '/health', logDir: options.logDir };
    const psp = await startProcess({
      ...common,
      name: 'peer-psp',
      app: 'fake-psp',
      port: await freePort(),
      env: { PROVIDER_NAME: 'peer-psp', LOG_LEVEL: 'warn' },
    });
    processes.set('peer-psp', psp);
    const carrier = await startProcess({ ...common, name: 'peer-carrier', app: 'fake-carrier', port: await freePort(), env: { LOG_LEVEL: 'warn' } });
    processes.set('peer-carrier', carrier);
    const peer = await startProcess({
      ...common,
      name: 'dbos-peer',
      app: 'dbos-peer',
      entry: 'bench/orders/dbos-peer/main.ts',
      port: await freePort(),
      env: { PEER_DATABASE_URL: databaseUrl, PSP_URL: psp.url, CARRIER_URL: carrier.url },
    });
    processes.set('dbos-peer', peer);
    for (const [sku, quantity] of Object.entries(options.stock)) {
      await db.pool.query('INSERT INTO peer_stock (sku, price_cents, available) VALUES ($1, 1000, $2)', [sku, quantity]);
    }
    return {
      processes: new Map([
        ['dbos-peer', peer],
        ['peer-psp', psp],
        ['peer-carrier', carrier],
      ]),
      place: async (key, request) => {
        const answer = await fetch(`${peer.url}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(orderBody(request)),
        });
        if (answer.status !== 202) throw new Error(`peer POST /orders answered ${answer.status}: ${await answer.text()}`);
        return ((await answer.json()) as { orderId: string }).orderId;
      },
      ended: async (orderIds) => {
        const { rows } = await db.pool.query<{ id: string; at: string; output: string | null; status: string }>(
          `SELECT s.workflow_uuid AS id, s.updated_at AS at, o.output, s.status FROM dbos.workflow_status s
           LEFT JOIN dbos.workflow_output o USING (workflow_uuid) WHERE s.workflow_uuid = ANY($1) AND s.status IN ('SUCCESS', 'ERROR')`,
          [orderIds],
        );
        return new Map(
          rows.map((r) => [
            r.id,
            {
              at: Number(r.at),
              outcome: r.status === 'SUCCESS' ? ((JSON.parse(r.output ?? '{}') as { json?: { status?: string } }).json?.status ?? '?') : 'ERROR',
            },
          ]),
        );
      },
      stockOf: async (sku) => {
        const { rows } = await db.pool.query<{ available: number; reserved: number; committed: number }>(
          'SELECT available, reserved, committed FROM peer_stock WHERE sku = $1',
          [sku],
        );
        return rows[0];
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
