// Snapshots are an optimisation only: a stored state at a stream version, from which loading replays
// the tail. Deleting every snapshot changes no loaded state. A policy decides when to take one.
import type { Pool } from 'pg';
import type { Transaction } from './transaction';
import { unprepared } from './unprepared';

export interface SnapshotPolicy<State> {
  /** Bump when State's shape changes: snapshots of another version are ignored, not misread. */
  schemaVersion: number;
  /** Take a snapshot once this many events followed the last one. */
  everyEvents?: number;
  /** Take a snapshot when the last one is older than this (and events followed it). */
  maxAgeMs?: number;
  toJSON?(state: State): unknown;
  fromJSON?(json: unknown): State;
}

export interface Snapshot<State> {
  streamVersion: number;
  state: State;
  createdAt: Date;
}

export class SnapshotStore {
  constructor(private readonly pool: Pool) {}

  async load<State>(streamId: string, policy: SnapshotPolicy<State>, tx?: Transaction): Promise<Snapshot<State> | undefined> {
    const result = await (tx ?? this.pool).query<{ stream_version: number; state: unknown; created_at: Date }>({
      name: 'snapshot-load',
      text: 'SELECT stream_version, state, created_at FROM snapshots WHERE stream_id = $1 AND schema_version = $2',
      values: [streamId, policy.schemaVersion],
    });
    const row = result.rows[0];
    if (!row) return undefined;
    const state = policy.fromJSON ? policy.fromJSON(row.state) : (row.state as State);
    return { streamVersion: row.stream_version, state, createdAt: row.created_at };
  }

  /** The snapshots of several streams in one statement; a stream without one (of this schema version) is absent. */
  async loadMany<State>(streamIds: string[], policy: SnapshotPolicy<State>, tx?: Transaction): Promise<Map<string, Snapshot<State>>> {
    if (streamIds.length === 0) return new Map();
    const result = await (tx ?? this.pool).query<{ stream_id: string; stream_version: number; state: unknown; created_at: Date }>(
      unprepared('SELECT stream_id, stream_version, state, created_at FROM snapshots WHERE stream_id = ANY($1::text[]) AND schema_version = $2', [
        streamIds,
        policy.schemaVersion,
      ]),
    );
    return new Map(
      result.rows.map((row) => [
        row.stream_id,
        { streamVersion: row.stream_version, state: policy.fromJSON ? policy.fromJSON(row.state) : (row.state as State), createdAt: row.created_at },
      ]),
    );
  }

  /** Stores a snapshot unless a newer one is already there. */
  async save<State>(streamId: string, version: number, state: State, policy: SnapshotPolicy<State>, tx?: Transaction): Promise<void> {
    await (tx ?? this.pool).query({
      name: 'snapshot-save',
      text: `INSERT INTO snapshots (stream_id, stream_version, schema_version, state) VALUES ($1, $2, $3, $4)
             ON CONFLICT (stream_id) DO UPDATE
               SET stream_version = excluded.stream_version, schema_version = excluded.schema_version,
                   state = excluded.state, created_at = now()
               WHERE snapshots.stream_version < excluded.stream_version
                  OR snapshots.schema_version <> excluded.schema_version`,
      values: [streamId, version, policy.schemaVersion, JSON.stringify(policy.toJSON ? policy.toJSON(state) : state)],
    });
  }

  async deleteAll(): Promise<void> {
    await this.pool.query('DELETE FROM snapshots');
  }
}

export function snapshotIsDue(policy: SnapshotPolicy<unknown>, eventsSinceSnapshot: number, snapshotTakenAt: Date | undefined, now: Date): boolean {
  if (eventsSinceSnapshot === 0) return false;
  if (policy.everyEvents !== undefined && eventsSinceSnapshot >= policy.everyEvents) return true;
  if (policy.maxAgeMs !== undefined) {
    return snapshotTakenAt === undefined || now.getTime() - snapshotTakenAt.getTime() >= policy.maxAgeMs;
  }
  return false;
}
