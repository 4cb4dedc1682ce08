// Reading every stream in one global order without ever skipping an event that commits late.
//
// global_position comes from a sequence, drawn when a row is inserted, not when it commits: a slow
// transaction can hold position 5 while a fast one commits 6. A reader that checkpoints "after 6" would
// never see 5. So readers (1) only read rows of transactions older than the oldest one still running
// (tx_id < pg_snapshot_xmin(pg_current_snapshot())), a set that can no longer grow, and (2) walk it in
// (tx_id, global_position) order, checkpointing both. Every later event then sorts after the
// checkpoint: its transaction id is at least the xmin seen now. Within a transaction the order is the
// position order; transactions that never overlapped appear in commit order.
import type { EventStore } from './event-store';
import { EVENT_COLUMNS, eventFromRow, type EventRow } from './event-row';
import type { RecordedEvent } from './types';

export interface GlobalCheckpoint {
  txId: bigint;
  position: bigint;
}

export const START: GlobalCheckpoint = { txId: 0n, position: 0n };

export function checkpointOf(event: Pick<RecordedEvent, 'txId' | 'globalPosition'>): GlobalCheckpoint {
  return { txId: event.txId, position: event.globalPosition };
}

export const formatCheckpoint = (c: GlobalCheckpoint) => `${c.txId}:${c.position}`;

export function parseCheckpoint(text: string): GlobalCheckpoint {
  const match = /^(\d+):(\d+)$/.exec(text);
  if (!match) throw new Error(`not a checkpoint: ${text}`);
  return { txId: BigInt(match[1]), position: BigInt(match[2]) };
}

export interface ReadAllResult {
  events: RecordedEvent[];
  /** Where the next read starts; unchanged when nothing was read. */
  checkpoint: GlobalCheckpoint;
}

const READ_ALL_SQL = `
  SELECT ${EVENT_COLUMNS}
  FROM events
  WHERE (tx_id, global_position) > ($1::xid8, $2::bigint)
    AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY tx_id, global_position
  LIMIT $3`;

export async function readAll(
  store: Pick<EventStore, 'pool' | 'upcaster'>,
  after: GlobalCheckpoint = START,
  { limit = 1000 }: { limit?: number } = {},
): Promise<ReadAllResult> {
  const result = await store.pool.query<EventRow>({
    name: 'event-store-read-all',
    text: READ_ALL_SQL,
    values: [after.txId.toString(), after.position.toString(), limit],
  });
  // Upcast with the store's own registry, as readStream does: one place configures versions.
  const events = result.rows.map((row) => eventFromRow(row, store.upcaster));
  return { events, checkpoint: events.length ? checkpointOf(events[events.length - 1]) : after };
}
