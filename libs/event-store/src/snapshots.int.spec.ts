import { loadAggregate, takeSnapshot } from './aggregate-loader';
import { handleCommand } from './command-handler';
import { SnapshotStore, type SnapshotPolicy } from './snapshots';
import { tallyDecider, type TallyState } from './test-support/tally.decider';
import { eventStoreFixture, type EventStoreFixture } from './test-support/event-store-fixture';

describe('snapshots and the command handler', () => {
  let f: EventStoreFixture;
  beforeAll(async () => {
    f = await eventStoreFixture('snapshots');
  });
  afterAll(() => f.db.drop());

  const byCount: SnapshotPolicy<TallyState> = { schemaVersion: 1, everyEvents: 5 };
  const snapshotRow = async (streamId: string) =>
    (await f.db.pool.query('SELECT stream_version FROM snapshots WHERE stream_id = $1', [streamId])).rows[0]?.stream_version;

  async function runTally(streamId: string, increments: number, policy?: SnapshotPolicy<TallyState>) {
    await handleCommand(f.store, { streamId, decider: tallyDecider, command: { type: 'Open', name: streamId }, snapshots: policy });
    for (let i = 1; i <= increments; i++) {
      await handleCommand(f.store, { streamId, decider: tallyDecider, command: { type: 'Increment', by: i }, snapshots: policy });
    }
  }

  it('takes a snapshot by event count, and loading with it equals loading without', async () => {
    await runTally('count-1', 12, byCount);
    expect(await snapshotRow('count-1')).toBe(10);
    const withSnapshot = await loadAggregate(f.store, 'count-1', tallyDecider, byCount);
    const without = await loadAggregate(f.store, 'count-1', tallyDecider);
    expect(withSnapshot.eventsSinceSnapshot).toBe(3);
    expect(without.eventsSinceSnapshot).toBe(13);
    expect(withSnapshot.state).toEqual(without.state);
    expect(withSnapshot.version).toBe(without.version);
    expect(withSnapshot.state.total).toBe(78);
  });

  it('takes a snapshot by age', async () => {
    const byAge: SnapshotPolicy<TallyState> = { schemaVersion: 1, maxAgeMs: 60_000 };
    await runTally('age-1', 1, byAge);
    expect(await snapshotRow('age-1')).toBe(1); // first snapshot at once; the next command found it young
    await f.db.pool.query(`UPDATE snapshots SET created_at = now() - interval '2 minutes' WHERE stream_id = 'age-1'`);
    await handleCommand(f.store, { streamId: 'age-1', decider: tallyDecider, command: { type: 'Increment', by: 5 }, snapshots: byAge });
    expect(await snapshotRow('age-1')).toBe(3);
    await handleCommand(f.store, { streamId: 'age-1', decider: tallyDecider, command: { type: 'Increment', by: 5 }, snapshots: byAge });
    expect(await snapshotRow('age-1')).toBe(3); // young snapshot: not due
  });

  it('takes a snapshot on demand', async () => {
    await runTally('demand-1', 3);
    expect(await snapshotRow('demand-1')).toBeUndefined();
    expect(await takeSnapshot(f.store, 'demand-1', tallyDecider, { schemaVersion: 1 })).toBe(4);
    expect(await snapshotRow('demand-1')).toBe(4);
  });

  it('ignores snapshots of another state version', async () => {
    const v2: SnapshotPolicy<TallyState> = { schemaVersion: 2, everyEvents: 1000 };
    const loaded = await loadAggregate(f.store, 'count-1', tallyDecider, v2);
    expect(loaded.eventsSinceSnapshot).toBe(13);
  });

  it('deleting every snapshot changes no loaded state', async () => {
    const streams = ['count-1', 'age-1', 'demand-1'];
    const before = await Promise.all(streams.map((s) => loadAggregate(f.store, s, tallyDecider, byCount)));
    await new SnapshotStore(f.db.pool).deleteAll();
    const after = await Promise.all(streams.map((s) => loadAggregate(f.store, s, tallyDecider, byCount)));
    expect(after.map((a) => [a.state, a.version])).toEqual(before.map((b) => [b.state, b.version]));
  });

  it('retries version conflicts from a fresh read so concurrent commands all apply', async () => {
    await handleCommand(f.store, { streamId: 'busy', decider: tallyDecider, command: { type: 'Open', name: 'busy' } });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        handleCommand(f.store, { streamId: 'busy', decider: tallyDecider, command: { type: 'Increment', by: 1 }, maxAttempts: 50 }),
      ),
    );
    const loaded = await loadAggregate(f.store, 'busy', tallyDecider);
    expect(loaded.state.total).toBe(20);
    expect(loaded.version).toBe(21);
  });

  it('returns no events for a command the aggregate already did (idempotent in the domain)', async () => {
    await handleCommand(f.store, { streamId: 'closing', decider: tallyDecider, command: { type: 'Open', name: 'c' } });
    const first = await handleCommand(f.store, { streamId: 'closing', decider: tallyDecider, command: { type: 'Close' } });
    const second = await handleCommand(f.store, { streamId: 'closing', decider: tallyDecider, command: { type: 'Close' } });
    expect(first.events).toHaveLength(1);
    expect(second.events).toEqual([]);
    expect(second.version).toBe(2);
  });

  it('commits work done in the same transaction with the events, or neither', async () => {
    await f.db.pool.query('CREATE TABLE side_effects (stream_id text, version int)');
    await handleCommand(f.store, {
      streamId: 'side-1',
      decider: tallyDecider,
      command: { type: 'Open', name: 's' },
      inTransaction: (tx, result) => tx.query('INSERT INTO side_effects VALUES ($1, $2)', ['side-1', result.version]).then(() => undefined),
    });
    await expect(
      handleCommand(f.store, {
        streamId: 'side-1',
        decider: tallyDecider,
        command: { type: 'Increment', by: 1 },
        inTransaction: async (tx) => {
          await tx.query('INSERT INTO side_effects VALUES ($1, 99)', ['side-1']);
          throw new Error('outbox write failed');
        },
      }),
    ).rejects.toThrow('outbox write failed');
    expect((await f.db.pool.query('SELECT version FROM side_effects')).rows).toEqual([{ version: 1 }]);
    expect(await f.store.streamVersion('side-1')).toBe(1);
  });
});
