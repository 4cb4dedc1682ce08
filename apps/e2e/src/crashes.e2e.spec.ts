// kill -9 of each service in the middle of each step of the saga — forward and compensating — then a
// restart: every saga continues from its stored state and ends as it would have without the crash,
// with money charged once and stock conserved.
import { sleep } from '@eventshop/testing';
import { settledInvariants, ShopClient, startStack, type ServiceName, type Stack } from '@eventshop/stack';

const services: ServiceName[] = ['order', 'inventory', 'payment', 'shipping'];
const forwardSteps = ['reserveStock', 'processPayment', 'requestShipping', 'commitStock'];
const compensations = ['processPayment', 'reserveStock']; // C3 refund, C2 release (after the carrier refuses)

describe('kill -9 of each service in each step', () => {
  let stack: Stack;
  let shop: ShopClient;
  const stocked = [{ sku: 'MUG', stocked: 100 }];
  beforeAll(async () => {
    // A short work lease, so a provider call cut off by the crash is taken up again after 3 s, not 30 s.
    const lease = { WORK_LEASE_MS: '3000' };
    stack = await startStack({ env: { payment: lease, shipping: lease } });
    shop = new ShopClient(stack);
    await shop.addProduct('MUG', 100);
    // Provider calls take a second, so a crash of payment or shipping lands while the call is in flight.
    await shop.setFaults('psp-primary', { latencyMs: 1_000 });
    await shop.setFaults('carrier', { latencyMs: 1_000 });
  }, 120_000);
  afterAll(() => stack?.stop(), 60_000);

  const crash = async (service: ServiceName) => {
    await sleep(300); // into the step: the command is being handled or the provider is being called
    stack.processes.get(service)?.kill();
    await stack.restart(service);
  };

  describe.each(forwardSteps)('while %s runs', (step) => {
    it.each(services)('kill -9 of %s: the order completes, charged once, shipped once', async (service) => {
      const id = await shop.place(`crash-${step}-${service}`);
      await shop.stepReached(id, step);
      await crash(service);
      expect((await shop.ended(id)).status).toBe('COMPLETED');
      expect(await shop.charges(id)).toEqual([1, 0]);
      expect((await shop.carrierLedger()).bookings.filter((b) => b.orderId === id)).toHaveLength(1);
    });
  });

  describe.each(compensations)('while the carrier-refused order compensates %s', (step) => {
    it.each(services)('kill -9 of %s: the order is compensated, refunded once, stock released', async (service) => {
      const id = await shop.place(`crash-undo-${step}-${service}`, { country: 'AQ' });
      await shop.stepReached(id, step, 'CompensationStarted');
      await crash(service);
      expect((await shop.ended(id)).status).toBe('COMPENSATED');
      const money = await shop.ledger('psp-primary');
      expect(money.charges.filter((c) => c.orderId === id)).toHaveLength(1);
      expect(money.refunds.filter((r) => r.orderId === id)).toHaveLength(1);
    });
  });

  it('ends with every invariant holding', async () => {
    const results = await settledInvariants(stack, shop, stocked, { terminalWithinMs: 45_000 });
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });
});
