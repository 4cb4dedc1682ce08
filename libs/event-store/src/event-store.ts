// Append-only event streams on PostgreSQL. An append is one statement: it checks the expected version
// and inserts every event of the batch, so concurrent writers to one stream serialise on the
// (stream_id, stream_version) unique index and exactly one of them wins.
import type { Pool, PoolClient } from 'pg';
import { WrongExpectedVersion } from './errors';
import { eventFromRow, type EventRow } from './event-row';
import type { DomainEvent, EventMetadata, ExpectedVersion, RecordedEvent, Upcaster } from './types';

/** A client inside BEGIN ... COMMIT: pass it to append (and to the outbox) to share one transaction. */
export type Transaction = PoolClient;

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  metadata?: EventMetadata;
  tx?: Transaction;
}

export interface AppendResult {
  nextExpectedVersion: number;
  events: RecordedEvent[];
}

// Two statements, one round trip each. With a numeric expected version N the stream must hold version N
// (checked through the primary key) and N+1 must be free (the insert itself); versions are contiguous,
// so that proves the stream is exactly at N. Version 0 needs no check: inserting version 1 fails if the
// stream exists. 'any' and 'exists' read the current version inside the same statement.
// Only what the caller does not know comes back, and the time as epoch milliseconds: parsing a
// timestamptz per row costs the client more than the insert's own work on a small machine.
const RETURNED = 'global_position, stream_version, tx_id, extract(epoch FROM created_at) * 1000 AS created_ms';

const APPEND_AT_VERSION_SQL = `
  INSERT INTO events (stream_id, stream_version, type, schema_version, data, metadata)
  SELECT $1, $2 + e.ordinality, e.type, e.schema_version, e.data, $6::jsonb
  FROM unnest($3::text[], $4::int[], $5::jsonb[]) WITH ORDINALITY AS e(type, schema_version, data, ordinality)
  WHERE $2 = 0 OR EXISTS (SELECT 1 FROM events WHERE stream_id = $1 AND stream_version = $2)
  RETURNING ${RETURNED}`;

const APPEND_AT_END_SQL = `
  WITH current AS (SELECT coalesce(max(stream_version), 0) AS version FROM events WHERE stream_id = $1)
  INSERT INTO events (stream_id, stream_version, type, schema_version, data, metadata)
  SELECT $1, current.version + e.ordinality, e.type, e.schema_version, e.data, $6::jsonb
  FROM current, unnest($3::text[], $4::int[], $5::jsonb[]) WITH ORDINALITY AS e(type, schema_version, data, ordinality)
  WHERE $2 = 'any' OR current.version > 0
  RETURNING ${RETURNED}`;

interface AppendedRow {
  global_position: string;
  stream_version: number;
  tx_id: string;
  created_ms: string;
}

export class EventStore {
  constructor(
    readonly pool: Pool,
    private readonly upcaster?: Upcaster,
  ) {}

  /** Runs `work` in one transaction; commits if it resolves, rolls back if it throws. */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async appendToStream(streamId: string, events: DomainEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`appendToStream(${streamId}): nothing to append`);
    const { expectedVersion } = options;
    const metadata = options.metadata ?? {};
    const metadataJson = JSON.stringify(metadata);
    const schemaVersions = events.map((e) => this.upcaster?.latestVersionOf(e.type) ?? 1);
    const atVersion = typeof expectedVersion === 'number';
    let rows: AppendedRow[];
    try {
      const result = await (options.tx ?? this.pool).query<AppendedRow>({
        name: atVersion ? 'event-store-append-at-version' : 'event-store-append-at-end',
        text: atVersion ? APPEND_AT_VERSION_SQL : APPEND_AT_END_SQL,
        values: [
          streamId,
          expectedVersion,
          events.map((e) => e.type),
          schemaVersions,
          events.map((e) => JSON.stringify(e.data)),
          metadataJson,
        ],
      });
      rows = result.rows;
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'events_stream_version') {
        // Inside a caller's transaction nothing more can be asked (it is aborted); outside, say what won.
        const actual = options.tx ? undefined : await this.streamVersion(streamId);
        throw new WrongExpectedVersion(streamId, expectedVersion, actual);
      }
      throw error;
    }
    if (rows.length === 0) throw new WrongExpectedVersion(streamId, expectedVersion, await this.streamVersion(streamId, options.tx));
    const recorded: RecordedEvent[] = rows.map((row, i) => ({
      streamId,
      streamVersion: row.stream_version,
      globalPosition: BigInt(row.global_position),
      txId: BigInt(row.tx_id),
      type: events[i].type,
      schemaVersion: schemaVersions[i],
      data: events[i].data,
      metadata,
      createdAt: new Date(Number(row.created_ms)),
    }));
    return { nextExpectedVersion: recorded[recorded.length - 1].streamVersion, events: recorded };
  }

  /** Events of one stream after `afterVersion`, in version order, upcast to the current schema. */
  async readStream(streamId: string, { afterVersion = 0, tx }: { afterVersion?: number; tx?: Transaction } = {}): Promise<RecordedEvent[]> {
    const result = await (tx ?? this.pool).query<EventRow>({
      name: 'event-store-read-stream',
      text: `SELECT global_position, stream_id, stream_version, type, schema_version, data, metadata, tx_id, created_at
             FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version`,
      values: [streamId, afterVersion],
    });
    return result.rows.map((row) => eventFromRow(row, this.upcaster));
  }

  async streamVersion(streamId: string, tx?: Transaction): Promise<number> {
    const result = await (tx ?? this.pool).query<{ version: number }>(
      'SELECT coalesce(max(stream_version), 0)::int AS version FROM events WHERE stream_id = $1',
      [streamId],
    );
    return result.rows[0].version;
  }

  upcast(event: RecordedEvent): RecordedEvent {
    if (!this.upcaster) return event;
    const current = this.upcaster.upcast(event);
    return { ...event, schemaVersion: current.schemaVersion, data: current.data };
  }
}
