// Maps an `events` row to a RecordedEvent, upcasting the payload to the version the code reads.
import type { RecordedEvent, Upcaster } from './types';

/** The columns an EventRow is read from, in every read of events. */
export const EVENT_COLUMNS = 'global_position, stream_id, stream_version, type, schema_version, data, metadata, tx_id, created_at';

export interface EventRow {
  global_position: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  tx_id: string;
  created_at: Date;
}

export function eventFromRow(row: EventRow, upcaster?: Upcaster): RecordedEvent {
  const payload = upcaster
    ? upcaster.upcast({ type: row.type, schemaVersion: row.schema_version, data: row.data })
    : { schemaVersion: row.schema_version, data: row.data };
  return {
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    globalPosition: BigInt(row.global_position),
    txId: BigInt(row.tx_id),
    type: row.type,
    schemaVersion: payload.schemaVersion,
    data: payload.data,
    metadata: row.metadata,
    createdAt: row.created_at,
  };
}
