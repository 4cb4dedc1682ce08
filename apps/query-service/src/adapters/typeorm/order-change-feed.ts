// The feed of order changes in PostgreSQL: read in (writing transaction, position) order and only
// below the oldest transaction still in flight (pg_snapshot_xmin), so a subscriber that resumes after
// an id never skips a change that committed late with a lower position. Ids are "<txId>.<position>".
// The columns are read as text (xid8 and bigint overflow a JS number) but ordered as what they are:
// ORDER BY an output column's name would order the text ("10" before "9").
import type { DataSource } from 'typeorm';
import { isFeedId, type FeedFilter, type FeedItem, type OrderChange, type OrderChangeFeed } from '../../application/ports/order-views';

/** An id's transaction and position; a missing id, or one not the feed's, reads from the start. */
const parse = (id: string | undefined): [string, string] => (id !== undefined && isFeedId(id) ? (id.split('.') as [string, string]) : ['0', '0']);

export class PostgresOrderChangeFeed implements OrderChangeFeed {
  constructor(private readonly dataSource: DataSource) {}

  async read(after: string | undefined, { orderId, customerId }: FeedFilter, limit: number): Promise<FeedItem[]> {
    const [txId, position] = parse(after);
    const rows = await this.dataSource.query<{ tx_id: string; position: string; change: OrderChange }[]>(
      `SELECT tx_id::text AS tx_id, position::text AS position, change FROM order_changes c
       WHERE (c.tx_id, c.position) > ($1::xid8, $2::bigint)
         AND c.tx_id < pg_snapshot_xmin(pg_current_snapshot())
         AND ($3::text IS NULL OR c.order_id = $3)
         AND ($4::text IS NULL OR c.customer_id = $4)
       ORDER BY c.tx_id, c.position LIMIT $5`,
      [txId, position, orderId ?? null, customerId ?? null, limit],
    );
    return rows.map((r) => ({ id: `${r.tx_id}.${r.position}`, change: r.change }));
  }

  async keepsAfter(after: string): Promise<boolean> {
    if (!isFeedId(after)) return true; // not one of ours: read from the oldest change kept, as with none
    const [txId, position] = parse(after);
    const [horizon] = await this.dataSource.query<{ kept: boolean }[]>(
      'SELECT ($1::xid8, $2::bigint) >= (tx_id, position) AS kept FROM order_changes_horizon',
      [txId, position],
    );
    return horizon?.kept ?? true;
  }

  async head(): Promise<string | undefined> {
    const [row] = await this.dataSource.query<{ tx_id: string; position: string }[]>(
      `SELECT c.tx_id::text AS tx_id, c.position::text AS position FROM order_changes c
       WHERE c.tx_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY c.tx_id DESC, c.position DESC LIMIT 1`,
    );
    return row ? `${row.tx_id}.${row.position}` : undefined;
  }
}
