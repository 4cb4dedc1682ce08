// Idempotency keys in the order service's database, claimed in the same transaction as the order they
// create: a crash between the two is impossible, and two requests racing with one key find one winner.
import type { Migration, Transaction } from '@eventshop/event-store';
import type { IdempotencyKeys, KeyClaim } from '../../application/ports/idempotency-keys';

export const idempotencyKeyMigrations: Migration[] = [
  {
    id: 'order-service/001-idempotency-keys',
    sql: `CREATE TABLE order_idempotency_keys (
            key text PRIMARY KEY, request_hash text NOT NULL, order_id text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now())`,
  },
];

export class PostgresIdempotencyKeys implements IdempotencyKeys {
  async claim(tx: Transaction, key: string, requestHash: string, orderId: string): Promise<KeyClaim> {
    // The no-op update makes a conflicting insert return the existing row (under its row lock).
    const { rows } = await tx.query<{ order_id: string; request_hash: string }>(
      `INSERT INTO order_idempotency_keys (key, request_hash, order_id) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING order_id, request_hash`,
      [key, requestHash, orderId],
    );
    return { orderId: rows[0].order_id, requestHash: rows[0].request_hash };
  }
}
