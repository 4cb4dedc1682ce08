// Append-only event streams on PostgreSQL. An append is one statement: it checks the expected version
// and inserts every event of the batch, so concurrent writers to one stream serialise on the
// (stream_id, stream_version) unique index and exactly one of them wins.
import type { Pool } from 'pg';
import { APPEND_TO_STREAMS_SQL, appendParameters, appendStatement } from './append-sql';
import { WrongExpectedVersion } from './errors';
import { withTransaction, type Transaction } from './transaction';
import { EVENT_COLUMNS, eventFromRow, type EventRow } from './event-row';
import { unprepared } from './unprepared';
import type { DomainEvent, EventMetadata, ExpectedVersion, RecordedEvent, Upcaster } from './types';

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  metadata?: EventMetadata;
  tx?: Transaction;
}

/** Events to append to one stream of a multi-stream append, with the version the writer expects it at. */
export interface StreamAppend {
  streamId: string;
  events: DomainEvent[];
  expectedVersion: number;
  metadata?: EventMetadata;
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
    const schemaVersions = events.map((e) => this.schemaVersionOf(e.type));
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
      text: `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version`,
      values: [streamId, afterVersion],
    });
    return result.rows.map((row) => eventFromRow(row, this.upcaster));
  }

  /**
   * Several streams' events in one statement: all of them or none (WrongExpectedVersion names the
   * stream that moved). For a transaction that changes many aggregates at once — a batch of messages
   * handled together — one round trip instead of one per stream. The callers know every new version
   * (expected + count), so only the count comes back.
   */
  async appendToStreams(appends: StreamAppend[], tx: Transaction): Promise<void> {
    const rows = appends.flatMap(({ streamId, events, expectedVersion, metadata }) =>
      events.map((event, i) => ({
        stream_id: streamId,
        expected: expectedVersion,
        stream_version: expectedVersion + i + 1,
        type: event.type,
        schema_version: this.schemaVersionOf(event.type),
        data: event.data,
        metadata: metadata ?? {},
      })),
    );
    if (rows.length === 0) return;
    if (new Set(appends.map((a) => a.streamId)).size < appends.length) throw new Error('appendToStreams: one entry per stream (merge its events)');
    let written: number;
    try {
      const result = await tx.query({
        name: 'event-store-append-to-streams',
        text: APPEND_TO_STREAMS_SQL,
        values: [JSON.stringify(rows.map((row, ordinal) => ({ ordinal, ...row })))],
      });
      written = result.rowCount ?? 0;
    } catch (error) {
      const { constraint, detail } = error as { constraint?: string; detail?: string };
      if (constraint === 'events_stream_version') {
        // "Key (stream_id, stream_version)=(<stream>, <n>) already exists." — the stream another writer moved.
        const moved = appends.find((a) => detail?.includes(`=(${a.streamId}, `)) ?? appends[0];
        throw new WrongExpectedVersion(moved.streamId, moved.expectedVersion);
      }
      throw error;
    }
    if (written === rows.length) return;
    // Nothing was written: a stream is not at the version its writer expected. Which one, and where it is:
    const versions = await this.streamVersions(
      appends.map((a) => a.streamId),
      tx,
    );
    const behind = appends.find((a) => (versions.get(a.streamId) ?? 0) !== a.expectedVersion) ?? appends[0];
    throw new WrongExpectedVersion(behind.streamId, behind.expectedVersion, versions.get(behind.streamId) ?? 0);
  }

  /** Events of several streams, each in version order, upcast: one round trip for a batch's aggregates. */
  readStreams(streamIds: string[], tx?: Transaction): Promise<Map<string, RecordedEvent[]>> {
    return this.readStreamsFrom(
      streamIds.map((streamId) => ({ streamId, fromVersion: 1 })),
      tx,
    );
  }

  /**
   * Each stream's events from a version on — that version's own event included — in version order,
   * upcast: one statement for a batch's aggregates, each loaded from where its snapshot or a cached
   * state left off. A stream named twice is read once, from the lower version.
   */
  async readStreamsFrom(starts: { streamId: string; fromVersion: number }[], tx?: Transaction): Promise<Map<string, RecordedEvent[]>> {
    const from = new Map<string, number>();
    for (const { streamId, fromVersion } of starts) from.set(streamId, Math.min(fromVersion, from.get(streamId) ?? fromVersion));
    const streams = new Map<string, RecordedEvent[]>([...from.keys()].map((id) => [id, []]));
    if (streams.size === 0) return streams;
    const result = await (tx ?? this.pool).query<EventRow>(
      unprepared(
        `SELECT ${EVENT_COLUMNS} FROM events JOIN unnest($1::text[], $2::int[]) AS start(id, from_version)
           ON stream_id = start.id AND stream_version >= start.from_version
         ORDER BY stream_id, stream_version`,
        [[...from.keys()], [...from.values()]],
      ),
    );
    for (const row of result.rows) streams.get(row.stream_id)?.push(eventFromRow(row, this.upcaster));
    return streams;
  }

  /** The version new events of this type are written at: the upcaster's latest (1 without one). */
  private schemaVersionOf(type: string): number {
    return this.upcaster?.latestVersionOf(type) ?? 1;
  }

  /** Each stream's current version; a stream with no events is absent. */
  private async streamVersions(streamIds: string[], tx?: Transaction): Promise<Map<string, number>> {
    const result = await (tx ?? this.pool).query<{ stream_id: string; version: number }>(
      unprepared('SELECT stream_id, max(stream_version)::int AS version FROM events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id', [streamIds]),
    );
    return new Map(result.rows.map((r) => [r.stream_id, r.version]));
  }

  async streamVersion(streamId: string, tx?: Transaction): Promise<number> {
    return (await this.streamVersions([streamId], tx)).get(streamId) ?? 0;
  }
}
