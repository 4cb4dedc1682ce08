// Two instances of every service (order, inventory, payment, shipping, query), on one database and one
// consumer group per service: the partitions are shared, one outbox relay leads per service and
// another takes over when it is killed, and under a steady load every instance is killed (-9) in
// turn — the relay leaders among them — and started again, forcing rebalances. Nothing is lost and
// nothing happens twice: every order ends, the providers' ledgers show one charge per paid order, the
// invariants hold, and the copies that rebalances and takeovers deliver again are counted as skipped
// by the inboxes.
import { createKafka, groupMembers } from '@eventshop/messaging';
import { createLogger } from '@eventshop/observability';
import { duplicatesSkipped, orderBody, settledInvariants, ShopClient, startStack, type Stack } from '@eventshop/stack';
import { sleep, waitUntil } from '@eventshop/testing';

type Scaled = 'order' | 'inventory' | 'payment' | 'shipping' | 'query';
const scaled: Scaled[] = ['order', 'inventory', 'payment', 'shipping', 'query'];
/** Each service's consumer groups, by the names they are given in the services (the stack prefixes them). */
const groups: Record<Scaled, string[]> = {
  order: ['order.saga-replies'],
  inventory: ['inventory.commands'],
  payment: ['payment.commands'],
  shipping: ['shipping.commands'],
  query: ['query.projections'],
};
const relaying: Scaled[] = ['order', 'inventory', 'payment', 'shipping'];

// Ten kills and restarts under load, then the invariants: ~7.5 min on the slowest 2-core machines seen.
const scaleOutTestMs = 600_000;

describe('two instances of every service', () => {
  let stack: Stack;
  let shop: ShopClient;
  const kafka = () => createKafka({ brokers: stack.kafkaBrokers, clientId: 'scale-out-test', logger: createLogger('scale-out-test', 'silent') });
  const stocked = [{ sku: 'MUG', stocked: 5_000 }];

  beforeAll(async () => {
    stack = await startStack({ instances: { order: 2, inventory: 2, payment: 2, shipping: 2, query: 2 } });
    shop = new ShopClient(stack);
    await shop.addProduct('MUG', stocked[0].stocked);
  }, 180_000);
  afterAll(() => stack?.stop(), 60_000);

  /** Whether an instance's outbox relay is its service's publishing leader (its /metrics says). */
  const leads = async (service: Scaled, index: number): Promise<boolean> => {
    const url = stack.instances.get(service)?.[index]?.url;
    const metrics = url
      ? await fetch(`${url}/metrics`).then(
          (r) => r.text(),
          () => '',
        )
      : '';
    return /^eventshop_outbox_relay_leader 1$/m.test(metrics);
  };

  it("shares each consumer group's partitions between the two instances, with one outbox relay leading per service", async () => {
    for (const service of scaled) {
      for (const group of groups[service]) {
        await waitUntil(
          `${group}: two members, each holding partitions`,
          async () => {
            const members = await groupMembers(kafka(), `${stack.topicPrefix}${group}`);
            return members.length === 2 && members.every((m) => Object.values(m.partitions).some((p) => p.length > 0));
          },
          { timeoutMs: 30_000 },
        );
      }
    }
    for (const service of relaying) {
      await waitUntil(`one relay leading for ${service}`, async () => (await leads(service, 0)) || (await leads(service, 1)), { timeoutMs: 30_000 });
      const leaders = [await leads(service, 0), await leads(service, 1)].filter(Boolean);
      expect([service, leaders.length]).toEqual([service, 1]);
    }
  });

  it(
    'loses nothing and doubles nothing while every instance is killed in turn under load, relay leaders included',
    async () => {
      // A steady load through both order instances; a refused request (an instance down) is sent again.
      let placing = true;
      let sent = 0;
      // Never past the test's own time: a test that times out is abandoned, not stopped, and a load still
      // running then would keep Jest from ever exiting.
      const loadUntil = Date.now() + scaleOutTestMs;
      const load = (async () => {
        for (let i = 0; placing && Date.now() < loadUntil; i++) {
          const url = stack.instances.get('order')?.[i % 2]?.url ?? stack.urls.order;
          const key = `${stack.runId}-scale-${i}`;
          for (;;) {
            const answer = await fetch(`${url}/orders`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'idempotency-key': key },
              body: JSON.stringify(orderBody({ items: [{ sku: 'MUG', quantity: 1 }] })),
            }).catch(() => undefined);
            if (answer?.status === 202) {
              shop.track(((await answer.json()) as { orderId: string }).orderId);
              sent++;
              break;
            }
            if (Date.now() >= loadUntil) return;
            await sleep(100);
          }
          await sleep(250);
        }
      })();

      const takeovers: string[] = [];
      try {
        await sleep(2_000);
        for (const service of scaled) {
          for (const index of [0, 1]) {
            const leader = relaying.includes(service) && (await leads(service, index));
            const killedAt = Date.now();
            stack.instances.get(service)?.[index]?.kill();
            if (leader) {
              // The other instance takes the relay over: its lock attempt succeeds once the dead session's lock is gone.
              await waitUntil(`${service}'s relay taken over`, () => leads(service, 1 - index), { timeoutMs: 30_000, intervalMs: 100 });
              takeovers.push(`${service} ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
            }
            await sleep(1_500);
            await stack.restart(service, index); // joins the group again: another rebalance
          }
        }
        await sleep(2_000);
      } finally {
        placing = false;
        await load;
      }
      console.log(`scale-out: ${sent} orders placed while every instance was killed in turn; relay takeovers: ${takeovers.join(', ') || 'none needed'}`);
      expect(takeovers.length).toBeGreaterThanOrEqual(1);

      const results = await settledInvariants(stack, shop, stocked, { terminalWithinMs: 90_000 }, 120_000);
      expect(results.filter((r) => !r.ok)).toEqual([]);

      // The copies the inboxes recognised and skipped (the instances running now count since they started).
      const skipped = await duplicatesSkipped(stack);
      console.log(`scale-out: ${skipped} copies skipped by the inboxes after the rebalances and takeovers`);
    },
    scaleOutTestMs,
  );
});
