// Faults under a steady load of every path (completed, declined, refused by the carrier): a service
// frozen (SIGSTOP) for longer than a saga step's deadline and then thawed (SIGCONT); two services
// killed (-9) at once and started again; the Kafka broker killed (-9) and started again; PostgreSQL
// crashed (immediate shutdown) and started again. After each: every order placed so far ends within a
// bound, every instance is ready again as the same process (nobody restarted it by hand), and the
// stack's recovery is measured from the end of the fault — until orders move again (the first saga
// completes) and until it has caught up (an order placed then completes). At the end every invariant
// holds: stock, money and shipments conserved, no effect doubled at the providers, the read side
// converged, outboxes drained, no dead letters.
//
// The stack runs on a broker and a PostgreSQL of this file's own (startOwnInfrastructure): crashing
// the shared ones would fail whatever other suite runs beside this one.
import {
  duplicatesSkipped,
  instancesNotReady,
  messagesHandled,
  sagasCompleted,
  settledInvariants,
  ShopClient,
  startStack,
  type OrderRequest,
  type Stack,
} from '@eventshop/stack';
import { sleep, startOwnInfrastructure, waitUntil, type OwnInfrastructure } from '@eventshop/testing';

// The longest a test here may take: a server crashed and started again, then the stack's recovery.
const longestTestMs = 240_000;

describe('chaos under load', () => {
  let own: OwnInfrastructure;
  let stack: Stack;
  let shop: ShopClient;
  const stocked = [{ sku: 'MUG', stocked: 10_000 }];
  /** The mix of paths: mostly completed, some declined, some refused by the carrier. */
  const paths: OrderRequest[] = [{}, {}, {}, { token: 'tok_decline' }, { country: 'AQ' }];

  beforeAll(async () => {
    // Deadlines short enough that a freeze outlasts one within the test: a step waits 4 s for its answer.
    own = await startOwnInfrastructure();
    stack = await startStack({ infrastructure: own, env: { order: { SAGA_STEP_DEADLINE_MS: '4000' }, payment: { CHARGE_DEADLINE_MS: '3000' } } });
    shop = new ShopClient(stack);
    await shop.addProduct('MUG', stocked[0].stocked);
  }, 180_000);
  afterAll(() => (stack ? stack.stop() : own?.stop()), 60_000);

  /**
   * Places orders at a steady rate until stopped; an order the stack refuses to accept (a 5xx) is retried with its key.
   * Never longer than a test here may run: Jest abandons a test that times out without stopping it, and a
   * load still running then would keep Jest from ever exiting.
   */
  function steadyLoad(label: string, perSecond = 5) {
    let running = true;
    let placed = 0;
    const until = Date.now() + longestTestMs;
    const going = () => running && Date.now() < until;
    const done = (async () => {
      for (let i = 0; going(); i++) {
        const key = `${stack.runId}-${label}-${i}`;
        while (going()) {
          const id = await shop.place(key, { ...paths[i % paths.length], items: [{ sku: 'MUG', quantity: 1 }] }).catch(() => undefined);
          if (id) break;
          await sleep(100);
        }
        placed++;
        await sleep(1_000 / perSecond);
      }
    })();
    return {
      stop: async () => {
        running = false;
        await done;
        return placed;
      },
    };
  }

  // The four services of the order saga (the read side's catching up is judged by the invariants at the end).
  const consuming = ['inventory', 'payment', 'shipping', 'order'] as const;

  /**
   * How the stack recovers from a fault that ended now: how long until the saga's four services consume again
   * (each one's inboxes handle a message: the consumer groups are back), until orders move again (the
   * first saga completes, whichever it is: the backlog of its partitions is through), and until it has
   * caught up (an order placed now completes). Recorded for the summary under `fault`.
   */
  async function recovery(fault: string): Promise<void> {
    const from = Date.now();
    const since = () => Date.now() - from;
    const consumingMs = Promise.all(
      consuming.map(async (service) => {
        const before = await messagesHandled(stack, service);
        await waitUntil(`${service} consuming after ${fault}`, async () => (await messagesHandled(stack, service)) > before, {
          timeoutMs: 60_000,
          intervalMs: 100,
        });
        return since();
      }),
    ).then((each) => Math.max(...each));
    const completedBefore = await sagasCompleted(stack);
    const movingMs = waitUntil(`a saga completing after ${fault}`, async () => (await sagasCompleted(stack)) > completedBefore, {
      timeoutMs: 60_000,
      intervalMs: 100,
    }).then(since);
    const caughtUpMs = waitUntil(
      `an order placed after ${fault} completing`,
      async () => {
        const id = await shop.place(`${stack.runId}-probe-${Date.now()}`, { items: [{ sku: 'MUG', quantity: 1 }] }).catch(() => undefined);
        return id !== undefined && (await shop.ended(id, 30_000)).status === 'COMPLETED';
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    ).then(since);
    const [consumingAfter, movingAfter, caughtUpAfter] = await Promise.all([consumingMs, movingMs, caughtUpMs]);
    recoveries.push(
      `${fault}: the four services consuming again after ${consumingAfter} ms, orders moving again after ${movingAfter} ms, caught up after ${caughtUpAfter} ms`,
    );
  }

  /** Every order placed so far ended, and every instance is ready again without having been restarted. */
  async function allSettled(): Promise<void> {
    await Promise.all(shop.placed.map((id) => shop.ended(id, 60_000)));
    await waitUntil('every instance ready again', async () => (await instancesNotReady(stack)).length === 0, { timeoutMs: 30_000 }).catch(async (error) => {
      throw new Error(`${(error as Error).message}: ${(await instancesNotReady(stack)).join('; ')}`);
    });
  }

  const recoveries: string[] = [];
  afterAll(() => console.log(`chaos recovery, timed from the end of each fault:\n${recoveries.join('\n')}`));

  it('keeps going through payment frozen longer than a step deadline, then thawed', async () => {
    const load = steadyLoad('freeze');
    await sleep(2_000);
    const payment = stack.processes.get('payment');
    payment?.pause();
    await sleep(6_000); // past processPayment's 4 s deadline: those orders compensate; late answers are absorbed
    payment?.resume();
    await recovery('payment frozen 6 s, then thawed');
    const placed = await load.stop();
    expect(placed).toBeGreaterThan(10);
    await allSettled();
  }, 180_000);

  it('keeps going through inventory and shipping killed at once, then started again', async () => {
    const load = steadyLoad('kill-two');
    await sleep(2_000);
    stack.processes.get('inventory')?.kill();
    stack.processes.get('shipping')?.kill();
    await sleep(2_000);
    await Promise.all([stack.restart('inventory'), stack.restart('shipping')]);
    await recovery('inventory and shipping killed -9, then started again');
    await load.stop();
    await allSettled();
  }, 180_000);

  /**
   * A server the stack depends on crashed under load, down 3 s, and started again on its data: how long
   * it took to come back and how the stack recovered; the copies the inboxes skipped meanwhile.
   */
  async function throughServerCrash(label: string, server: { crash(): Promise<void>; start(): Promise<void> }, fault: string, back: string) {
    const load = steadyLoad(label);
    await sleep(2_000);
    const duplicatesBefore = await duplicatesSkipped(stack);
    const crashedAt = Date.now();
    await server.crash();
    await sleep(3_000);
    await server.start(); // after recovering from the unclean stop (Kafka its logs, PostgreSQL its WAL)
    await recovery(`${fault}, ${back} after ${Date.now() - crashedAt} ms`);
    await load.stop();
    await allSettled();
    recoveries.push(`  ${(await duplicatesSkipped(stack)) - duplicatesBefore} redelivered copies skipped by the inboxes`);
  }

  // While it is down, orders are still accepted: the order service writes to its database and outbox.
  it(
    'keeps going through the Kafka broker killed (-9) and started again',
    () => throughServerCrash('broker', { crash: () => own.kafka.kill(), start: () => own.kafka.start() }, 'Kafka broker killed -9', 'answering again'),
    longestTestMs,
  );

  // While it is down, POST /orders answers 503 with Retry-After: the load retries with the same key.
  it(
    'keeps going through PostgreSQL crashed (immediate shutdown) and started again',
    () => throughServerCrash('postgres', own.postgres, 'PostgreSQL crashed', 'accepting connections again'),
    longestTestMs,
  );

  it('ends with every invariant holding', async () => {
    const results = await settledInvariants(stack, shop, stocked, { terminalWithinMs: 60_000 }, 120_000);
    expect(results.filter((r) => !r.ok)).toEqual([]);
  }, 180_000);
});
