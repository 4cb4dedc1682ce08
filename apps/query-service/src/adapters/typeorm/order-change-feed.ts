// The feed of order changes in PostgreSQL: read in (writing transaction, position) order and only
// below the oldest transaction still in flight (pg_snapshot_xmin), so a subscriber that resumes after
// an id never skips a change that committed late with a lower position. Ids are "<txId>.<position>".
import type { DataSource } from 'typeorm';
import type { FeedFilter, FeedItem, OrderChange, OrderChangeFeed } from '../../application/ports/order-views';

const parse = (id: string | undefined): [string, string] => {
  const match = id?.match(/^(\d+)\.(\d+)$/);
  return match ? [match[1], match[2]] : ['0', '0'];
};

export class PostgresOrderChangeFeed implements OrderChangeFeed {
  constructor(private readonly dataSource: DataSource) {}

  async read(after: string | undefined, { orderId, customerId }: FeedFilter, limit: number): Promise<FeedItem[]> {
    const [txId, position] = parse(after);
    const rows = await this.dataSource.query<{ tx_id: string; position: string; change: OrderChange }[]>(
      `SELECT tx_id::text, position::text, change FROM order_changes
       WHERE (tx_id, position) > ($1::xid8, $2::bigint)
         AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
         AND ($3::text IS NULL OR order_id = $3)
         AND ($4::text IS NULL OR customer_id = $4)
       ORDER BY tx_id, position LIMIT $5`,
      [txId, position, orderId ?? null, customerId ?? null, limit],
    );
    return rows.map((r) => ({ id: `${r.tx_id}.${r.position}`, change: r.change }));
  }

  async head(): Promise<string | undefined> {
    const [row] = await this.dataSource.query<{ tx_id: string; position: string }[]>(
      `SELECT tx_id::text, position::text FROM order_changes
       WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY tx_id DESC, position DESC LIMIT 1`,
    );
    return row ? `${row.tx_id}.${row.position}` : undefined;
  }
}
