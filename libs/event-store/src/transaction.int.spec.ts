import { sleep, tcpProxy, testEndpoints, waitUntil } from '@eventshop/testing';
import { Pool, type Notification, type PoolClient } from 'pg';
import { eventStoreFixture, type EventStoreFixture } from './test-support/event-store-fixture';
import { databaseOf, listenInProcess } from './in-process-notifications';
import { beginTransaction, notifyAfterCommit, withTransaction, type Transaction } from './transaction';

describe('transactions and notifications after commit', () => {
  let f: EventStoreFixture;
  let listener: PoolClient;
  const heard: string[] = [];
  beforeAll(async () => {
    f = await eventStoreFixture('transactions');
    await f.db.pool.query('CREATE TABLE written (note text)');
    listener = await f.db.pool.connect();
    listener.on('notification', (n: Notification) => heard.push(n.channel));
    await listener.query('LISTEN "ch-a"');
    await listener.query('LISTEN "ch-b"');
  });
  afterAll(async () => {
    listener.release(true);
    await f.db.drop();
  });
  beforeEach(() => void heard.splice(0));

  it('notifies each asked-for channel once, after the commit made the writes visible', async () => {
    let visibleWhenHeard: number | undefined;
    listener.once('notification', () => void f.db.pool.query('SELECT count(*)::int AS n FROM written').then((r) => (visibleWhenHeard = r.rows[0].n)));
    await withTransaction(f.db.pool, async (tx) => {
      await tx.query("INSERT INTO written VALUES ('one')");
      notifyAfterCommit(tx, 'ch-a');
      notifyAfterCommit(tx, 'ch-a');
      notifyAfterCommit(tx, 'ch-b');
      await sleep(100);
      expect(heard).toEqual([]); // nothing while the transaction is open
    });
    await waitUntil('both channels heard', () => heard.length === 2);
    expect(heard.sort()).toEqual(['ch-a', 'ch-b']);
    await waitUntil('the count read on hearing', () => visibleWhenHeard !== undefined);
    expect(visibleWhenHeard).toBe(1);
  });

  it('notifies nothing when the transaction rolls back, and forgets it for the next one on that connection', async () => {
    await expect(
      withTransaction(f.db.pool, async (tx) => {
        notifyAfterCommit(tx, 'ch-a');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await withTransaction(f.db.pool, async (tx) => void (await tx.query("INSERT INTO written VALUES ('two')")));
    await sleep(200);
    expect(heard).toEqual([]);
  });

  it('notifies after a transaction held open by hand commits, and not after one rolled back', async () => {
    const client = await f.db.pool.connect();
    try {
      const rolledBack = await beginTransaction(client);
      rolledBack.notifyAfterCommit('ch-a');
      await rolledBack.rollback();
      const committed = await beginTransaction(client);
      await committed.query("INSERT INTO written VALUES ('three')");
      committed.notifyAfterCommit('ch-b');
      await sleep(100);
      expect(heard).toEqual([]);
      await committed.commit();
      await waitUntil('ch-b heard', () => heard.length === 1);
      expect(heard).toEqual(['ch-b']);
    } finally {
      client.release();
    }
  });

  it('wakes a listener of this process directly and sends PostgreSQL no notification for its channel', async () => {
    let woken = 0;
    const stopListening = listenInProcess(listener, 'ch-a', () => woken++);
    try {
      await withTransaction(f.db.pool, async (tx) => {
        notifyAfterCommit(tx, 'ch-a');
        notifyAfterCommit(tx, 'ch-b'); // nobody in this process listens to ch-b: it goes through PostgreSQL
        expect(woken).toBe(0);
      });
      expect(woken).toBe(1);
      await waitUntil('ch-b heard', () => heard.length === 1);
      await sleep(100);
      expect(heard).toEqual(['ch-b']);
    } finally {
      stopListening();
    }
    await withTransaction(f.db.pool, async (tx) => notifyAfterCommit(tx, 'ch-a'));
    await waitUntil('ch-a heard once nobody here listens', () => heard.length === 2);
    expect(woken).toBe(1);
  });

  it('runs what is asked after commit only after a commit, and what is asked after rollback only after a rollback', async () => {
    const ran: string[] = [];
    await withTransaction(f.db.pool, async (tx) => {
      tx.afterCommit(() => ran.push('committed'));
      tx.afterRollback(() => ran.push('rolled back (never)'));
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['committed']);
    await expect(
      withTransaction(f.db.pool, async (tx) => {
        tx.afterCommit(() => ran.push('committed (never)'));
        tx.afterRollback(() => {
          throw new Error('an effect that throws stops no other');
        });
        tx.afterRollback(() => ran.push('rolled back'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(ran).toEqual(['committed', 'rolled back']);
  });

  it('knows its database as listeners of this process on it are keyed', async () => {
    const other = new Pool({ ...f.db.config, database: 'postgres' });
    try {
      const ours = await withTransaction(f.db.pool, async (tx) => tx.database);
      expect(ours).toBe(databaseOf(listener));
      expect(await withTransaction(other, async (tx) => tx.database)).not.toBe(ours);
    } finally {
      await other.end();
    }
  });

  it('runs the writes asked for before commit inside the transaction, in order, and none when it rolls back', async () => {
    await withTransaction(f.db.pool, async (tx) => {
      tx.beforeCommit(async () => void (await tx.query("INSERT INTO written VALUES ('before-1')")));
      tx.beforeCommit(async () => void (await tx.query("INSERT INTO written VALUES ('before-2')")));
      await tx.query("INSERT INTO written VALUES ('during')");
    });
    const notes = async () =>
      (await f.db.pool.query<{ note: string }>("SELECT note FROM written WHERE note LIKE 'before%' OR note = 'during'")).rows.map((r) => r.note);
    expect(await notes()).toEqual(['during', 'before-1', 'before-2']);
    await expect(
      withTransaction(f.db.pool, async (tx) => {
        tx.beforeCommit(async () => void (await tx.query("INSERT INTO written VALUES ('before-3')")));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await expect(
      withTransaction(f.db.pool, async (tx) => {
        await tx.query("INSERT INTO written VALUES ('before-4')");
        tx.beforeCommit(async () => void (await tx.query('SELECT no_such_column FROM written')));
      }),
    ).rejects.toThrow(/no_such_column/);
    expect(await notes()).toEqual(['during', 'before-1', 'before-2']); // a failed write before commit commits nothing
  });

  it('is never a plain connection: one owes no notifications, so the type refuses it', () => {
    const enqueueLike = (tx: Transaction) => tx.notifyAfterCommit('ch-a');
    // @ts-expect-error a PoolClient is no Transaction (typecheck fails if it ever becomes one)
    expect(() => enqueueLike(listener)).toThrow(TypeError);
  });

  it('fails the transaction, not the process, when the database connection is lost in the middle of it', async () => {
    const proxy = await tcpProxy(testEndpoints().postgres);
    const pool = new Pool({ ...f.db.config, host: '127.0.0.1', port: proxy.port });
    pool.on('error', () => undefined); // the idle connections lost in the cut
    try {
      const lostMidway = withTransaction(pool, async (tx) => {
        await tx.query("INSERT INTO written VALUES ('lost')");
        proxy.cut(); // between two statements: pg-pool listens to no errors of a checked-out connection
        await sleep(100);
        await tx.query("INSERT INTO written VALUES ('never')");
      });
      await expect(lostMidway).rejects.toThrow(/Connection terminated|not queryable/);
      proxy.restore();
      await withTransaction(pool, async (tx) => void (await tx.query("INSERT INTO written VALUES ('after')")));
      const { rows } = await f.db.pool.query("SELECT note FROM written WHERE note IN ('lost', 'never', 'after') ORDER BY note");
      expect(rows.map((r) => r.note)).toEqual(['after']);
    } finally {
      await pool.end();
      await proxy.close();
    }
  });
});
