// The peer's checkout: the order saga's four steps as one DBOS durable workflow. DBOS checkpoints each
// step's result in its system database, so a crashed process resumes the workflow after the last
// finished step; a step can run again (a crash between its effect and its checkpoint), so each one is
// idempotent — the stock by its reservation row, the providers by their idempotency keys.
import { DBOS } from '@dbos-inc/dbos-sdk';
import type { Pool } from 'pg';
import { type ProviderAnswer, type Providers } from './providers';

export interface PeerOrder {
  orderId: string;
  lines: { sku: string; quantity: number }[];
  paymentToken: string;
  shippingAddress: { name: string; line1: string; city: string; postalCode: string; country: string };
}

export type PeerOutcome = { status: 'COMPLETED' } | { status: 'COMPENSATED'; reason: string };

/** The peer's own tables (its stock), next to DBOS's system tables in the same database. */
export const peerSchema = `
  CREATE TABLE IF NOT EXISTS peer_stock (sku text PRIMARY KEY, price_cents int NOT NULL, available int NOT NULL, reserved int NOT NULL DEFAULT 0, committed int NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS peer_reservations (order_id text PRIMARY KEY, lines jsonb NOT NULL, status text NOT NULL, total_cents int);`;

type Reservation = { reserved: true; totalCents: number } | { reserved: false; reason: string };

/** Reserves every line or none, once per order: the reservation row makes a rerun answer as the first run did. */
async function reserveStock(pool: Pool, order: PeerOrder): Promise<Reservation> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const existing = await client.query<{ status: string; total_cents: number | null }>(
      'SELECT status, total_cents FROM peer_reservations WHERE order_id = $1',
      [order.orderId],
    );
    if (existing.rows[0]) {
      await client.query('COMMIT');
      const { status, total_cents } = existing.rows[0];
      return status === 'refused' ? { reserved: false, reason: 'out of stock' } : { reserved: true, totalCents: total_cents ?? 0 };
    }
    let totalCents = 0;
    for (const line of order.lines) {
      const taken = await client.query<{ price_cents: number }>(
        'UPDATE peer_stock SET available = available - $2, reserved = reserved + $2 WHERE sku = $1 AND available >= $2 RETURNING price_cents',
        [line.sku, line.quantity],
      );
      if (!taken.rows[0]) {
        await client.query('ROLLBACK');
        await pool.query(`INSERT INTO peer_reservations (order_id, lines, status) VALUES ($1, $2, 'refused') ON CONFLICT DO NOTHING`, [
          order.orderId,
          JSON.stringify(order.lines),
        ]);
        return { reserved: false, reason: 'out of stock' };
      }
      totalCents += taken.rows[0].price_cents * line.quantity;
    }
    await client.query(`INSERT INTO peer_reservations (order_id, lines, status, total_cents) VALUES ($1, $2, 'reserved', $3)`, [
      order.orderId,
      JSON.stringify(order.lines),
      totalCents,
    ]);
    await client.query('COMMIT');
    return { reserved: true, totalCents };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Moves a reservation to its end ('committed' or 'released') and its quantities with it, once. */
async function settleStock(pool: Pool, orderId: string, to: 'committed' | 'released'): Promise<void> {
  await pool.query(
    `WITH settled AS (
       UPDATE peer_reservations SET status = $2 WHERE order_id = $1 AND status = 'reserved' RETURNING lines)
     UPDATE peer_stock s SET reserved = s.reserved - l.quantity,
            committed = s.committed + CASE WHEN $2 = 'committed' THEN l.quantity ELSE 0 END,
            available = s.available + CASE WHEN $2 = 'released' THEN l.quantity ELSE 0 END
     FROM settled, jsonb_to_recordset(settled.lines) AS l(sku text, quantity int) WHERE s.sku = l.sku`,
    [orderId, to],
  );
}

/** Retries what a provider could not do now (unavailable), never a final answer. */
const providerRetries = { retriesAllowed: true, intervalSeconds: 0.2, maxAttempts: 10, backoffRate: 2 };

export function registerCheckout(pool: Pool, providers: Providers) {
  const step = <T>(name: string, work: () => Promise<T>, retries = false) => DBOS.runStep(work, { name, ...(retries ? providerRetries : {}) });
  const refused = (answer: ProviderAnswer): answer is { ok: false; reason: string } => !answer.ok;

  return DBOS.registerWorkflow(
    async (order: PeerOrder): Promise<PeerOutcome> => {
      const reservation = await step('reserveStock', () => reserveStock(pool, order));
      if (!reservation.reserved) return { status: 'COMPENSATED', reason: reservation.reason };
      const charge = await step('charge', () => providers.charge(order, reservation.totalCents), true);
      if (refused(charge)) {
        await step('releaseStock', () => settleStock(pool, order.orderId, 'released'));
        return { status: 'COMPENSATED', reason: charge.reason };
      }
      const booking = await step('book', () => providers.book(order), true);
      if (refused(booking)) {
        await step('refund', () => providers.refund(order, reservation.totalCents), true);
        await step('releaseStock', () => settleStock(pool, order.orderId, 'released'));
        return { status: 'COMPENSATED', reason: booking.reason };
      }
      await step('commitStock', () => settleStock(pool, order.orderId, 'committed'));
      return { status: 'COMPLETED' };
    },
    { name: 'checkout' },
  );
}
