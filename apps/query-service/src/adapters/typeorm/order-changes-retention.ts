// Lets go of order changes older than the retention period, so that the feed live subscribers follow
// does not grow with every change ever projected. It deletes a prefix of the feed's order, never a
// change in between, and remembers the newest change deleted (the horizon): a subscriber resuming
// from before it is told that changes are missing (OrderChangeFeed.keepsAfter) instead of skipping them.
import type { DataSource } from 'typeorm';

export class OrderChangesRetention {
  constructor(
    private readonly dataSource: DataSource,
    /** How long a change is kept after it was recorded. */
    private readonly keepMs: number,
    /** Most changes deleted per transaction. */
    private readonly batchSize = 5_000,
  ) {}

  /** Deletes every expired change; how many it deleted. */
  async trim(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const batch = await this.trimBatch();
      deleted += batch;
      if (batch < this.batchSize) return deleted;
    }
  }

  private trimBatch(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      // The oldest changes in the feed's order, of transactions every reader can see...
      const oldest = await tx.query<{ tx_id: string; position: string; expired: boolean }[]>(
        `SELECT c.tx_id::text AS tx_id, c.position::text AS position, c.recorded_at < now() - $1::bigint * interval '1 millisecond' AS expired
         FROM order_changes c WHERE c.tx_id < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY c.tx_id, c.position LIMIT $2`,
        [this.keepMs, this.batchSize],
      );
      // ...up to the first one still to be kept.
      const firstKept = oldest.findIndex((change) => !change.expired);
      const expired = firstKept === -1 ? oldest : oldest.slice(0, firstKept);
      const horizon = expired.at(-1);
      if (!horizon) return 0;
      // Another replica trimming at the same time may have moved it further: it never moves back.
      await tx.query(
        `INSERT INTO order_changes_horizon (tx_id, position) VALUES ($1::xid8, $2::bigint)
         ON CONFLICT (only_row) DO UPDATE SET tx_id = excluded.tx_id, position = excluded.position
         WHERE (order_changes_horizon.tx_id, order_changes_horizon.position) < (excluded.tx_id, excluded.position)`,
        [horizon.tx_id, horizon.position],
      );
      await tx.query('DELETE FROM order_changes WHERE (tx_id, position) <= ($1::xid8, $2::bigint)', [horizon.tx_id, horizon.position]);
      return expired.length;
    });
  }
}
