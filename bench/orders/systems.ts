// The two systems bench/orders drives with the same load: Eventshop (four services over Kafka, the
// order saga) and the DBOS peer (one process, the same steps as a durable workflow). Each places an
// order with the public contract's body and says when its orders reached their end.
import type { OrderRequest, ShopClient, Stack } from '@eventshop/stack';
import type { Pool } from 'pg';
import type { DbosPeer } from './dbos-peer/dbos-peer';

export interface SystemUnderTest {
  name: string;
  place(idempotencyKey: string, request: OrderRequest): Promise<string>;
  /** When each of these orders reached COMPLETED or COMPENSATED (epoch ms), for those that have. */
  endedAt(orderIds: string[]): Promise<Map<string, number>>;
  /** The processes whose CPU is this system's (PostgreSQL is counted for both). */
  pids: Record<string, number>;
  /**
   * For a system with a read side: each order's projection lag in ms — from its last fact (the time
   * the writing service stamped on it) to the read model's transaction that projected it — once the
   * read model shows the order ended; undefined for orders it does not show ended yet.
   */
  projectionLags?(orderIds: string[]): Promise<Map<string, number>>;
}

/** Eventshop: an order has ended when its saga recorded SagaCompleted or SagaCompensated (read after the phase: no load while it runs). */
export function eventshop(stack: Stack, shop: ShopClient, orderDb: Pool, readDb: Pool, brokerPid: number | undefined): SystemUnderTest {
  const pids = Object.fromEntries([...stack.processes].map(([name, p]) => [name, p.pid]));
  if (brokerPid) pids['kafka broker'] = brokerPid;
  return {
    name: 'Eventshop',
    place: (key, request) => shop.place(key, request),
    endedAt: async (orderIds) => {
      const { rows } = await orderDb.query<{ stream_id: string; at: Date }>(
        `SELECT stream_id, created_at AS at FROM events WHERE type IN ('SagaCompleted', 'SagaCompensated') AND stream_id = ANY($1)`,
        [orderIds.map((id) => `saga-order-${id}`)],
      );
      return new Map(rows.map((r) => [r.stream_id.slice('saga-order-'.length), r.at.getTime()]));
    },
    pids,
    projectionLags: async (orderIds) => {
      const { rows } = await readDb.query<{ order_id: string; lag: number }>(
        `SELECT order_id, extract(epoch FROM projected_at - last_event_at) * 1000 AS lag FROM order_summary
         WHERE order_id = ANY($1) AND status IN ('COMPLETED', 'COMPENSATED')`,
        [orderIds],
      );
      return new Map(rows.map((r) => [r.order_id, Math.max(0, Number(r.lag))]));
    },
  };
}

export function dbosPeer(peer: DbosPeer): SystemUnderTest {
  return {
    name: 'DBOS peer',
    place: (key, request) => peer.place(key, request),
    endedAt: async (orderIds) => new Map([...(await peer.ended(orderIds))].map(([id, end]) => [id, end.at])),
    pids: Object.fromEntries([...peer.processes].map(([name, p]) => [name, p.pid])),
  };
}
