// Several streams at once — what a batch of messages handled together needs: their locks in one
// statement, their events read in one, their new events appended in one, all or nothing.
import { Client } from 'pg';
import { recordedQueries } from '@eventshop/testing';
import { handleCommands } from './command-handler';
import { WrongExpectedVersion } from './errors';
import { lockStreams } from './stream-locks';
import { beginTransaction } from './transaction';
import { eventStoreFixture, type EventStoreFixture } from './test-support/event-store-fixture';
import { tallyDecider } from './test-support/tally.decider';

describe('EventStore: several streams at once (PostgreSQL)', () => {
  let f: EventStoreFixture;
  beforeAll(async () => {
    f = await eventStoreFixture('event_store_many');
  });
  afterAll(() => f.db.drop());

  const opened = { type: 'TallyOpened', data: { name: 't' } };
  const incremented = (by: number) => ({ type: 'TallyIncremented', data: { by } });
  const history = async (streamId: string) => (await f.store.readStream(streamId)).map((e) => [e.streamVersion, e.type, e.data]);

  it('appends to several streams in one statement, each at its next versions, in the order given', async () => {
    await f.store.appendToStream('many-a', [opened], { expectedVersion: 0 });
    await f.store.transaction((tx) =>
      f.store.appendToStreams(
        [
          { streamId: 'many-a', events: [incremented(1), incremented(2)], expectedVersion: 1, metadata: { correlationId: 'c-1' } },
          { streamId: 'many-b', events: [opened], expectedVersion: 0 },
        ],
        tx,
      ),
    );
    expect(await history('many-a')).toEqual([
      [1, 'TallyOpened', { name: 't' }],
      [2, 'TallyIncremented', { by: 1 }],
      [3, 'TallyIncremented', { by: 2 }],
    ]);
    expect(await history('many-b')).toEqual([[1, 'TallyOpened', { name: 't' }]]);
    const [a3, b1] = [(await f.store.readStream('many-a'))[2], (await f.store.readStream('many-b'))[0]];
    expect(a3.metadata).toEqual({ correlationId: 'c-1' });
    expect(a3.globalPosition < b1.globalPosition).toBe(true);
  });

  it('writes nothing when one stream is not where its writer expected, and names that stream', async () => {
    await f.store.appendToStream('behind-a', [opened], { expectedVersion: 0 });
    await f.store.appendToStream('behind-b', [opened, incremented(1)], { expectedVersion: 0 });
    const attempt = (expected: number) =>
      f.store.transaction((tx) =>
        f.store.appendToStreams(
          [
            { streamId: 'behind-a', events: [incremented(5)], expectedVersion: 1 },
            { streamId: 'behind-b', events: [incremented(5)], expectedVersion: expected },
          ],
          tx,
        ),
      );
    // Behind (version 1 of 2: the next version is taken) and ahead (version 3 does not exist yet).
    for (const expected of [1, 3]) {
      const refused = await attempt(expected).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(WrongExpectedVersion);
      expect((refused as WrongExpectedVersion).streamId).toBe('behind-b');
    }
    // A new stream that exists already.
    await expect(f.store.transaction((tx) => f.store.appendToStreams([{ streamId: 'behind-a', events: [opened], expectedVersion: 0 }], tx))).rejects.toThrow(
      WrongExpectedVersion,
    );
    expect(await history('behind-a')).toHaveLength(1);
    expect(await history('behind-b')).toHaveLength(2);
  });

  it('reads several streams in one statement, each in version order, an unknown one empty', async () => {
    await f.store.appendToStream('read-a', [opened, incremented(1)], { expectedVersion: 0 });
    await f.store.appendToStream('read-b', [opened], { expectedVersion: 0 });
    const streams = await f.store.readStreams(['read-b', 'read-a', 'read-none']);
    expect([...streams].map(([id, events]) => [id, events.map((e) => e.streamVersion)])).toEqual([
      ['read-b', [1]],
      ['read-a', [1, 2]],
      ['read-none', []],
    ]);
  });

  it('reads several streams from given versions, that version included; a stream named twice once, from the lower version', async () => {
    await f.store.appendToStream('from-a', [opened, incremented(1), incremented(2)], { expectedVersion: 0 });
    const streams = await f.store.readStreamsFrom([
      { streamId: 'from-a', fromVersion: 3 },
      { streamId: 'read-a', fromVersion: 2 },
      { streamId: 'from-a', fromVersion: 2 },
    ]);
    expect([...streams].map(([id, events]) => [id, events.map((e) => e.streamVersion)])).toEqual([
      ['from-a', [2, 3]],
      ['read-a', [2]],
    ]);
  });

  it('handles a batch of commands with one read and one append: an aggregate named twice sees its first command, a repeat decides nothing', async () => {
    await f.store.appendToStream('cmd-a', [opened], { expectedVersion: 0 });
    const decided = await f.store.transaction((tx) =>
      handleCommands(f.store, tx, tallyDecider, [
        { streamId: 'cmd-a', command: { type: 'Increment', by: 2 } },
        { streamId: 'cmd-b', command: { type: 'Open', name: 'b' } },
        { streamId: 'cmd-a', command: { type: 'Increment', by: 3 } },
        { streamId: 'cmd-b', command: { type: 'Open', name: 'b' } },
      ]),
    );
    expect(decided.map((d) => [d.events.map((e) => e.type), d.state.total, d.version])).toEqual([
      [['TallyIncremented'], 2, 2],
      [['TallyOpened'], 0, 1],
      [['TallyIncremented'], 5, 3],
      [[], 0, 1],
    ]);
    expect(await history('cmd-a')).toEqual([
      [1, 'TallyOpened', { name: 't' }],
      [2, 'TallyIncremented', { by: 2 }],
      [3, 'TallyIncremented', { by: 3 }],
    ]);
    // A command its aggregate refuses fails the batch: nothing of it is written.
    await expect(
      f.store.transaction((tx) =>
        handleCommands(f.store, tx, tallyDecider, [
          { streamId: 'cmd-a', command: { type: 'Increment', by: 1 } },
          { streamId: 'cmd-none', command: { type: 'Increment', by: 1 } },
        ]),
      ),
    ).rejects.toThrow('cannot increment a new tally');
    expect(await history('cmd-a')).toHaveLength(3);
  });

  it('handles commands on streams made in the transaction without reading them, and refuses one that exists after all', async () => {
    const decided = await f.store.transaction((tx) => {
      const { through, texts } = recordedQueries(tx);
      return handleCommands(
        f.store,
        through,
        tallyDecider,
        [
          { streamId: 'new-a', command: { type: 'Open', name: 'a' } },
          { streamId: 'new-a', command: { type: 'Increment', by: 4 } },
        ],
        { newStreams: true },
      ).then((result) => ({ result, texts }));
    });
    expect(decided.texts).toHaveLength(1); // the append, nothing read
    expect(decided.result.map((d) => [d.state.total, d.version])).toEqual([
      [0, 1],
      [4, 2],
    ]);
    expect(await history('new-a')).toHaveLength(2);
    await expect(
      f.store.transaction((tx) =>
        handleCommands(f.store, tx, tallyDecider, [{ streamId: 'new-a', command: { type: 'Open', name: 'a' } }], { newStreams: true }),
      ),
    ).rejects.toThrow(WrongExpectedVersion);
  });

  it('locks several streams in one call: a second transaction locking any of them waits for the first to end', async () => {
    const [a, b] = [new Client(f.db.config), new Client(f.db.config)];
    await Promise.all([a.connect(), b.connect()]);
    try {
      const aTx = await beginTransaction(a);
      await lockStreams(aTx, ['lock-x', 'lock-y', 'lock-z']);
      const bTx = await beginTransaction(b);
      let bLocked = false;
      const bLocking = lockStreams(bTx, ['lock-z', 'lock-q']).then(() => (bLocked = true));
      await new Promise((r) => setTimeout(r, 200));
      expect(bLocked).toBe(false);
      await aTx.commit();
      await bLocking;
      expect(bLocked).toBe(true);
      await bTx.commit();
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });
});
