// Append-only event streams on PostgreSQL. An append is one statement: it checks the expected version
// and inserts every event of the batch, so concurrent writers to one stream serialise on the
// (stream_id, stream_version) unique index and exactly one of them wins.
import type { Pool } from 'pg';
import { appendParameters, appendStatement } from './append-sql';
import { WrongExpectedVersion } from './errors';
import { withTransaction, type Transaction } from './transaction';
import { eventFromRow, type EventRow } from './event-row';
import type { DomainEvent, EventMetadata, ExpectedVersion, RecordedEvent, Upcaster } from './types';

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  metadata?: EventMetadata;
  tx?: Transaction;
}

export interface AppendResult {
  nextExpectedVersion: number;
  events: RecordedEvent[];
}

/** global_position, stream_version, tx_id, created_ms — as an array row, the cheapest shape to parse. */
type AppendedRow = [string, number, string, string];

export class EventStore {
  constructor(
    readonly pool: Pool,
    /** Brings stored payloads up to the version the code reads, on every read path. */
    readonly upcaster?: Upcaster,
  ) {}

  /** Runs `work` in one transaction; commits if it resolves, rolls back if it throws. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, work);
  }

  async appendToStream(streamId: string, events: DomainEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`appendToStream(${streamId}): nothing to append`);
    const { expectedVersion } = options;
    const metadata = options.metadata ?? {};
    const metadataJson = JSON.stringify(metadata);
    const schemaVersions = events.map((e) => this.upcaster?.latestVersionOf(e.type) ?? 1);
    const values = appendParameters(
      streamId,
      expectedVersion,
      metadataJson,
      events.map((e, i) => ({ type: e.type, schemaVersion: schemaVersions[i], dataJson: JSON.stringify(e.data) })),
    );
    let rows: AppendedRow[];
    try {
      const statement = appendStatement(typeof expectedVersion === 'number' ? 'at-version' : 'at-end', events.length);
      const result = await (options.tx ?? this.pool).query<AppendedRow>({ ...statement, values, rowMode: 'array' });
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
    const txId = BigInt(rows[0][2]);
    const createdAt = new Date(Number(rows[0][3])); // one statement, one transaction: the same for every row
    const recorded: RecordedEvent[] = rows.map(([position, version], i) => ({
      streamId,
      streamVersion: version,
      globalPosition: BigInt(position),
      txId,
      type: events[i].type,
      schemaVersion: schemaVersions[i],
      data: events[i].data,
      metadata,
      createdAt,
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
}
