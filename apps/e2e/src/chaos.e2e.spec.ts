// Process faults under a steady load of every path (completed, declined, refused by the carrier):
// a service frozen (SIGSTOP) for longer than a saga step's deadline and then thawed (SIGCONT), and two
// services killed (-9) at once and started again. After each: every order placed so far ends within a
// bound, and the stack's recovery time is measured — from the end of the fault to the first order
// placed after it completing. At the end every invariant holds: stock, money and shipments conserved,
// no effect doubled at the providers, the read side converged, outboxes drained, no dead letters.
import { settledInvariants, ShopClient, startStack, type OrderRequest, type Stack } from '@eventshop/stack';
import { sleep, waitUntil } from '@eventshop/testing';

describe('chaos under load (process faults)', () => {
  let stack: Stack;
  let shop: ShopClient;
  const stocked = [{ sku: 'MUG', stocked: 10_000 }];
  /** The mix of paths: mostly completed, some declined, some refused by the carrier. */
  const paths: OrderRequest[] = [{}, {}, {}, { token: 'tok_decline' }, { country: 'AQ' }];

  beforeAll(async () => {
    // Deadlines short enough that a freeze outlasts one within the test: a step waits 4 s for its answer.
    stack = await startStack({ env: { order: { SAGA_STEP_DEADLINE_MS: '4000' }, payment: { CHARGE_DEADLINE_MS: '3000' } } });
    shop = new ShopClient(stack);
    await shop.addProduct('MUG', stocked[0].stocked);
  }, 120_000);
  afterAll(() => stack?.stop(), 60_000);

  /** Places orders at a steady rate until stopped; an order the stack refuses to accept (a 5xx) is retried with its key. */
  function steadyLoad(label: string, perSecond = 5) {
    let running = true;
    let placed = 0;
    const done = (async () => {
      for (let i = 0; running; i++) {
        const key = `${stack.runId}-${label}-${i}`;
        while (running) {
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

  /** From now, how long until an order placed now completes (the stack has recovered). */
  async function recoveryMs(label: string): Promise<number> {
    const from = Date.now();
    await waitUntil(
      `an order completing after ${label}`,
      async () => {
        const id = await shop.place(`${stack.runId}-probe-${label}-${Date.now()}`, { items: [{ sku: 'MUG', quantity: 1 }] }).catch(() => undefined);
        if (!id) return false;
        return (await shop.ended(id, 30_000)).status === 'COMPLETED';
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    return Date.now() - from;
  }

  const recoveries: string[] = [];
  afterAll(() => console.log(`chaos recovery (fault over -> first order placed after it completed): ${recoveries.join('; ')}`));

  it('keeps going through payment frozen longer than a step deadline, then thawed', async () => {
    const load = steadyLoad('freeze');
    await sleep(2_000);
    const payment = stack.processes.get('payment');
    payment?.pause();
    await sleep(6_000); // past processPayment's 4 s deadline: those orders compensate; late answers are absorbed
    payment?.resume();
    const ms = await recoveryMs('payment thawed');
    recoveries.push(`payment frozen 6 s: ${ms} ms`);
    const placed = await load.stop();
    expect(placed).toBeGreaterThan(10);
    await Promise.all(shop.placed.map((id) => shop.ended(id, 60_000)));
  }, 180_000);

  it('keeps going through inventory and shipping killed at once, then started again', async () => {
    const load = steadyLoad('kill-two');
    await sleep(2_000);
    stack.processes.get('inventory')?.kill();
    stack.processes.get('shipping')?.kill();
    await sleep(2_000);
    await Promise.all([stack.restart('inventory'), stack.restart('shipping')]);
    const ms = await recoveryMs('inventory and shipping restarted');
    recoveries.push(`inventory + shipping killed: ${ms} ms after their restart`);
    await load.stop();
    await Promise.all(shop.placed.map((id) => shop.ended(id, 60_000)));
  }, 180_000);

  it('ends with every invariant holding', async () => {
    const results = await settledInvariants(stack, shop, stocked, { terminalWithinMs: 60_000 }, 120_000);
    expect(results.filter((r) => !r.ok)).toEqual([]);
  }, 180_000);
});
