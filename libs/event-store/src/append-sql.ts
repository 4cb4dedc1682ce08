// The append statements, one per batch size (prepared once per connection, by name). Parameters are
// plain values, not arrays: serialising JSON into a Postgres array literal costs the client more CPU
// than the insert costs the server. Parameters: $1 stream id, $2 expected version (or 'any' /
// 'exists'), $3 metadata, then type, schema version and data of each event (as three arrays for
// batches larger than MAX_VALUES_ROWS).
//
// With a numeric expected version N the stream must hold version N (checked through the primary key)
// and N+1 must be free (the insert itself); versions are contiguous, so that proves the stream is
// exactly at N. Version 0 needs no check: inserting version 1 fails if the stream exists. 'any' and
// 'exists' read the current version inside the same statement.
export interface AppendStatement {
  name: string;
  text: string;
}

// Only what the caller does not know comes back, and the time as epoch milliseconds (cheaper to parse).
const RETURNED = 'global_position, stream_version, tx_id, extract(epoch FROM created_at) * 1000 AS created_ms';

/** Above this many events one statement takes three arrays instead (Postgres allows 65,535 parameters). */
export const MAX_VALUES_ROWS = 64;

function eventRows(count: number): string {
  if (count > MAX_VALUES_ROWS) {
    return `unnest($4::text[], $5::int[], $6::jsonb[]) WITH ORDINALITY AS e(type, schema_version, data, ordinal)`;
  }
  const rows = Array.from({ length: count }, (_, i) => `(${i + 1}, $${4 + 3 * i}, $${5 + 3 * i}::int, $${6 + 3 * i}::jsonb)`);
  return `(VALUES ${rows.join(', ')}) AS e(ordinal, type, schema_version, data)`;
}

/** The parameters for appendStatement(mode, events.length), in order. */
export function appendParameters(
  streamId: string,
  expectedVersion: unknown,
  metadataJson: string,
  events: { type: string; schemaVersion: number; dataJson: string }[],
): unknown[] {
  if (events.length > MAX_VALUES_ROWS) {
    return [streamId, expectedVersion, metadataJson, events.map((e) => e.type), events.map((e) => e.schemaVersion), events.map((e) => e.dataJson)];
  }
  return [streamId, expectedVersion, metadataJson, ...events.flatMap((e) => [e.type, e.schemaVersion, e.dataJson])];
}

const cache = new Map<string, AppendStatement>();

export function appendStatement(mode: 'at-version' | 'at-end', count: number): AppendStatement {
  const name = `event-store-append-${mode}-${count > MAX_VALUES_ROWS ? 'many' : count}`;
  let statement = cache.get(name);
  if (!statement) {
    const text =
      mode === 'at-version'
        ? `INSERT INTO events (stream_id, stream_version, type, schema_version, data, metadata)
           SELECT $1, $2::int + e.ordinal, e.type, e.schema_version, e.data, $3::jsonb
           FROM ${eventRows(count)}
           WHERE $2::int = 0 OR EXISTS (SELECT 1 FROM events WHERE stream_id = $1 AND stream_version = $2::int)
           RETURNING ${RETURNED}`
        : `WITH current AS (SELECT coalesce(max(stream_version), 0) AS version FROM events WHERE stream_id = $1)
           INSERT INTO events (stream_id, stream_version, type, schema_version, data, metadata)
           SELECT $1, current.version + e.ordinal, e.type, e.schema_version, e.data, $3::jsonb
           FROM current, ${eventRows(count)}
           WHERE $2::text = 'any' OR current.version > 0
           RETURNING ${RETURNED}`;
    statement = { name, text };
    cache.set(name, statement);
  }
  return statement;
}

/**
 * Appends to several streams in one statement (jsonb_to_recordset: one JSON parameter, whatever the
 * count). Each row names its stream, the version the writer expects that stream to be at, and the
 * version it takes. Nothing is written unless every stream expecting N > 0 holds version N; a stream
 * expecting 0 that exists fails on the primary key, as does a writer that got there first.
 */
export const APPEND_TO_STREAMS_SQL = `
  WITH e AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb)
      AS e(ordinal int, stream_id text, expected int, stream_version int, type text, schema_version int, data jsonb, metadata jsonb)
  ), behind AS (
    SELECT 1 FROM e WHERE e.expected > 0 AND NOT EXISTS (SELECT 1 FROM events x WHERE x.stream_id = e.stream_id AND x.stream_version = e.expected)
  )
  INSERT INTO events (stream_id, stream_version, type, schema_version, data, metadata)
  SELECT stream_id, stream_version, type, schema_version, data, metadata FROM e WHERE NOT EXISTS (SELECT 1 FROM behind) ORDER BY ordinal
  RETURNING stream_id`;
