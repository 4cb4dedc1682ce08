// The dashboard in a real browser: Debian's chromium, headless, driven by playwright-core. A visitor
// places an order and watches its saga complete step by step; switches the primary PSP off and sees
// the next order charged by the secondary; switches both off and sees an order compensated with its
// reason, the compensations drawn apart; and finds breakers, dead letters, statistics and the
// invariants on the page. The last screenshot is the README's (docs/images/dashboard.png).
import path from 'node:path';
import { GatewayClient, repoRoot, settledInvariants, ShopClient, startStack, type Stack } from '@eventshop/stack';
import { jsonOf, waitUntil } from '@eventshop/testing';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const SCREENSHOT = path.join(repoRoot, 'docs', 'images', 'dashboard.png');

describe('the dashboard (chromium)', () => {
  let stack: Stack;
  let shop: ShopClient;
  let gateway: GatewayClient;
  let admin: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const stocked = [
    { sku: 'MUG', stocked: 40 },
    { sku: 'TEE', stocked: 25 },
  ];

  beforeAll(async () => {
    // A short charge deadline (both PSPs down compensates in seconds) and invariants judged a second after an order ends.
    stack = await startStack({ env: { payment: { CHARGE_DEADLINE_MS: '4000' }, query: { INVARIANTS_SETTLE_MS: '1000' } } });
    shop = new ShopClient(stack);
    gateway = new GatewayClient(stack.urls.gateway);
    admin = await gateway.token('ops', 'admin');
    for (const [sku, name, priceCents] of [
      ['MUG', 'Mug', 1250],
      ['TEE', 'T-shirt', 1990],
    ] as const) {
      const quantity = stocked.find((s) => s.sku === sku)?.stocked;
      expect((await gateway.send(admin, 'POST', '/api/v1/products', { sku, name, priceCents, quantity })).status).toBe(201);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1360, height: 1280 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(stack.urls.gateway);
    await page.waitForSelector('#connection[data-state="live"]');
    await page.waitForSelector('#products tr[data-sku="TEE"]'); // the read side has both products
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  /** Fills in quantities, places the order from the page, and returns its id as the page reports it. */
  const placeFromPage = async (quantities: Record<string, number>): Promise<string> => {
    for (const [sku, quantity] of Object.entries(quantities)) await page.fill(`input[name="qty-${sku}"]`, String(quantity));
    const before = await page.textContent('#order-message');
    await page.click('#place');
    const message = await page.waitForFunction(
      (previous) => {
        const text = document.querySelector('#order-message')?.textContent ?? '';
        return text !== previous && /^Order \S+ accepted/.test(text) ? text : undefined;
      },
      before,
      { timeout: 15_000 },
    );
    const orderId = /^Order (\S+) accepted/.exec(String(await message.jsonValue()))?.[1] ?? '';
    shop.track(orderId);
    await page.waitForSelector(`#saga-order:text("${orderId}")`);
    return orderId;
  };
  const statusShown = (status: string) => page.waitForSelector(`#order-status[data-status="${status}"]`, { timeout: 45_000 });
  const stepStates = () => page.$$eval('#steps li', (items) => items.map((li) => [(li as HTMLElement).dataset['step'], (li as HTMLElement).dataset['state']]));
  const switchedOn = (provider: string) =>
    waitUntil(`${provider}'s outage switched on`, async () => {
      const { providers } = await gateway.read<{ providers: { provider: string; switches: { outage: boolean } }[] }>(admin, '/api/v1/admin/faults');
      return providers.find((p) => p.provider === provider)?.switches.outage === true;
    });

  it('places an order and shows its saga COMPLETED with every step', async () => {
    const orderId = await placeFromPage({ MUG: 2, TEE: 1 });
    await statusShown('COMPLETED');
    await page.waitForSelector('#steps li[data-step="commitStock"][data-state="succeeded"]');
    expect(await stepStates()).toEqual([
      ['reserveStock', 'succeeded'],
      ['processPayment', 'succeeded'],
      ['requestShipping', 'succeeded'],
      ['commitStock', 'succeeded'],
    ]);
    await page.waitForSelector('#payment-provider:text("charged by psp-primary")');
    expect(await page.$$eval('#timeline li', (items) => items.map((li) => (li as HTMLElement).dataset['kind']))).toEqual(
      expect.arrayContaining(['OrderPlaced', 'PaymentCharged', 'ShipmentBooked', 'OrderCompleted']),
    );
    await page.waitForSelector(`#orders tr[data-order="${orderId}"] .status[data-status="COMPLETED"]`);
  });

  it('switches the primary PSP off: the next order is charged by the secondary', async () => {
    await page.check('[data-switch="psp-primary-outage"]');
    await switchedOn('psp-primary');
    const orderId = await placeFromPage({ MUG: 1, TEE: 0 });
    await statusShown('COMPLETED');
    await page.waitForSelector('#payment-provider:text("charged by psp-secondary")');
    expect(await shop.charges(orderId)).toEqual([0, 1]); // at the providers: nothing at the primary, once at the secondary
  });

  it('switches both PSPs off: the next order is COMPENSATED with its reason, the compensations drawn apart', async () => {
    await page.check('[data-switch="psp-secondary-outage"]');
    await switchedOn('psp-secondary');
    const orderId = await placeFromPage({ MUG: 1 });
    await statusShown('COMPENSATED');
    const reason = await page.waitForFunction(() => document.querySelector('#failure-reason')?.textContent?.replace(/^— /, '') || undefined);
    expect(String(await reason.jsonValue()).length).toBeGreaterThan(5);
    await page.waitForSelector('#steps li[data-step="reserveStock"][data-state="compensated"]');
    expect(await stepStates()).toEqual([
      ['reserveStock', 'compensated'],
      ['processPayment', 'failed'],
      ['requestShipping', 'waiting'],
      ['commitStock', 'waiting'],
    ]);
    const undone = await page.$$eval('#timeline li[data-tone="undo"]', (items) => items.map((li) => (li as HTMLElement).dataset['kind']));
    expect(undone).toEqual(expect.arrayContaining(['CompensationStarted', 'StepCompensated', 'OrderCompensated']));
    expect(await page.$eval('#timeline li[data-kind="OrderCompensated"] .what', (e) => getComputedStyle(e).color)).not.toBe(
      await page.$eval('#timeline li[data-kind="OrderPlaced"] .what', (e) => getComputedStyle(e).color),
    );
    expect(await shop.charges(orderId)).toEqual([0, 0]);
  });

  it('shows the breakers, the dead letters, the statistics and the invariants holding', async () => {
    for (const breaker of ['psp:psp-primary', 'psp:psp-secondary', 'carrier']) await page.waitForSelector(`#breakers li[data-breaker="${breaker}"]`);
    await page.waitForSelector('#dead-letters li[data-topic="inventory.commands.dlq"] .state[data-state="empty"]');
    await page.waitForSelector('#stats .status[data-status="COMPENSATED"]');
    await page.waitForFunction(() => document.querySelectorAll('#invariants li[data-holds="true"]').length === 3, undefined, { timeout: 30_000 });
    await page.screenshot({ path: SCREENSHOT, fullPage: true }); // the README's picture: both PSPs off, an order compensated
    // Switched back on from the page, the providers work again.
    await page.uncheck('[data-switch="psp-secondary-outage"]');
    await page.uncheck('[data-switch="psp-primary-outage"]');
    await waitUntil('both PSPs back', async () => {
      const { providers } = await gateway.read<{ providers: { switches: { outage: boolean } }[] }>(admin, '/api/v1/admin/faults');
      return providers.every((p) => !p.switches.outage);
    });
    expect(pageErrors).toEqual([]);
    const results = await settledInvariants(stack, shop, stocked, { terminalWithinMs: 30_000 });
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });

  it('keeps the admin API to admins, names a bad switch field, and knows only the fake providers', async () => {
    const customer = await gateway.token('c-visitor');
    expect((await gateway.send(customer, 'GET', '/api/v1/admin/invariants')).status).toBe(403);
    const bad = await gateway.send(admin, 'PUT', '/api/v1/admin/faults/psp-primary', { outage: 'yes', latencyMs: 0 });
    expect(bad.status).toBe(400);
    expect((await jsonOf<{ errors: { field: string }[] }>(bad)).errors.map((e) => e.field)).toEqual(['outage']);
    expect((await gateway.send(admin, 'PUT', '/api/v1/admin/faults/psp-primary', { outage: false, latencyMs: 0, refuseAll: true })).status).toBe(400);
    expect((await gateway.send(admin, 'PUT', '/api/v1/admin/faults/bank', { outage: false, latencyMs: 0 })).status).toBe(404);
  });
});
