// The invariants every scenario (and the demo) ends with: every saga ended within a bound, stock
// conserved per SKU, money conserved (charges − refunds = totals of completed orders), no order both
// shipped and refunded, the read side converged on the write side (status, total, money and shipment
// of every order), every outbox drained, and the dead-letter topics holding only what the scenario
// put there on purpose.
import { createKafka, deadLetterDepths } from '@eventshop/messaging';
import { createLogger } from '@eventshop/observability';
import { Client } from 'pg';
import type { OrderView, ShopClient } from './shop-client';
import type { Stack } from './stack';

export interface InvariantResult {
  name: string;
  ok: boolean;
  detail: string;
}

export interface InvariantOptions {
  /** Longest a saga may take from its start to its end (default 60 s). */
  terminalWithinMs?: number;
  /** Dead letters the scenario injected on purpose, by topic without the run's prefix (e.g. `inventory.commands.dlq`). */
  expectedDeadLetters?: Record<string, number>;
}

export interface StockedSku {
  sku: string;
  stocked: number;
}

export async function checkInvariants(stack: Stack, shop: ShopClient, stocked: StockedSku[], options: InvariantOptions = {}): Promise<InvariantResult[]> {
  const { terminalWithinMs = 60_000, expectedDeadLetters = {} } = options;
  const orders = shop.placed;
  const placed = new Set(orders);
  const results: InvariantResult[] = [];
  const check = (name: string, ok: boolean, detail: string) => results.push({ name, ok, detail });

  const views: OrderView[] = [];
  for (let i = 0; i < orders.length; i += 50) views.push(...(await Promise.all(orders.slice(i, i + 50).map((id) => shop.order(id)))));
  const open = views.filter((v) => v.status !== 'COMPLETED' && v.status !== 'COMPENSATED');
  check('every saga ended (COMPLETED or COMPENSATED)', open.length === 0, open.map((v) => `${v.orderId}: ${v.status}`).join(', ') || `${views.length} orders`);
  const durations = views
    .filter((v) => v.steps.length > 0)
    .map((v) => ({ id: v.orderId, ms: Date.parse(v.steps[v.steps.length - 1].at) - Date.parse(v.steps[0].at) }));
  const slow = durations.filter((d) => d.ms > terminalWithinMs);
  const longest = Math.max(0, ...durations.map((d) => d.ms));
  check(
    `every saga ended within ${terminalWithinMs / 1000} s`,
    slow.length === 0,
    slow.map((d) => `${d.id}: ${d.ms} ms`).join(', ') || `longest ${longest} ms`,
  );

  const readStock: string[] = [];
  for (const { sku, stocked: quantity } of stocked) {
    const s = await shop.stock(sku);
    const read = await readSideProduct(stack, sku);
    if (!read || read.available !== s.available || read.reserved !== s.reserved || read.committed !== s.committed) {
      readStock.push(
        `${sku}: ${read ? `${read.available}/${read.reserved}/${read.committed}` : 'unknown'} on the read side, ${s.available}/${s.reserved}/${s.committed} written`,
      );
    }
    const total = s.available + s.reserved + s.committed;
    check(
      `stock conserved for ${sku}`,
      total === quantity && s.reserved === 0,
      `stocked ${quantity} = available ${s.available} + reserved ${s.reserved} + committed ${s.committed}`,
    );
  }

  check(
    'the read side shows the stock as written (available/reserved/committed)',
    readStock.length === 0,
    readStock.join(', ') || `${stocked.length} SKUs alike`,
  );

  const ledgers = await Promise.all([shop.ledger('psp-primary'), shop.ledger('psp-secondary')]);
  const charged = ledgers.flatMap((l) => l.charges).filter((c) => placed.has(c.orderId));
  const refunded = ledgers.flatMap((l) => l.refunds).filter((r) => placed.has(r.orderId));
  const net = charged.reduce((s, c) => s + c.amountCents, 0) - refunded.reduce((s, r) => s + r.amountCents, 0);
  const completedTotal = views.filter((v) => v.status === 'COMPLETED').reduce((s, v) => s + (v.totalCents ?? 0), 0);
  check('money conserved (charges − refunds = completed totals)', net === completedTotal, `${net} = ${completedTotal} cents`);

  const carrier = await shop.carrierLedger();
  const cancelled = new Set(carrier.cancellations.map((c) => c.orderId));
  const refundedIds = new Set(refunded.map((r) => r.orderId));
  const shippedAndRefunded = carrier.bookings.filter((b) => placed.has(b.orderId) && !cancelled.has(b.orderId) && refundedIds.has(b.orderId));
  check('no order both shipped and refunded', shippedAndRefunded.length === 0, shippedAndRefunded.map((b) => b.orderId).join(', ') || 'none');

  // The read side, built from facts alone, tells every order as the write side and the outside world do.
  const diverged: string[] = [];
  const bookedNotCancelled = new Set(carrier.bookings.filter((b) => !cancelled.has(b.orderId)).map((b) => b.orderId));
  const readSide: (ReadSideSummary | undefined)[] = [];
  for (let i = 0; i < views.length; i += 50) readSide.push(...(await Promise.all(views.slice(i, i + 50).map((v) => readSideOrder(stack, v.orderId)))));
  for (const [i, view] of views.entries()) {
    const read = readSide[i];
    const net = (c: { amountCents: number }[]) => c.reduce((sum, x) => sum + x.amountCents, 0);
    const paidToProviders = net(charged.filter((c) => c.orderId === view.orderId)) - net(refunded.filter((r) => r.orderId === view.orderId));
    const paidOnReadSide = read?.payment?.status === 'charged' ? read.payment.amountCents - read.payment.refundedCents : 0;
    const shippedOnReadSide = read?.shipment?.status === 'booked';
    if (!read) diverged.push(`${view.orderId}: unknown to the read side`);
    else if (read.status !== view.status) diverged.push(`${view.orderId}: ${read.status} on the read side, ${view.status} on the write side`);
    else if (view.status === 'COMPLETED' && read.totalCents !== view.totalCents)
      diverged.push(`${view.orderId}: total ${read.totalCents} ≠ ${view.totalCents}`);
    else if (paidOnReadSide !== paidToProviders) diverged.push(`${view.orderId}: paid ${paidOnReadSide} on the read side, ${paidToProviders} at the providers`);
    else if (shippedOnReadSide !== bookedNotCancelled.has(view.orderId))
      diverged.push(`${view.orderId}: shipment ${read.shipment?.status ?? 'none'} on the read side`);
  }
  check('the read side converged on the write side', diverged.length === 0, diverged.join(', ') || `${views.length} orders alike`);

  const pending: string[] = [];
  for (const [service, config] of Object.entries(stack.databases)) {
    const client = new Client(config);
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
      if (rows[0].n > 0) pending.push(`${service}: ${rows[0].n}`);
    } finally {
      await client.end();
    }
  }
  check('outboxes drained', pending.length === 0, pending.join(', ') || 'all empty');

  const found = await deadLetterDepths(
    createKafka({ brokers: stack.kafkaBrokers, clientId: 'invariants', logger: createLogger('invariants', 'warn') }),
    stack.topicPrefix,
  );
  const unexpected = Object.entries(found)
    .map(([topic, n]) => ({ topic: topic.slice(stack.topicPrefix.length), n }))
    .filter(({ topic, n }) => n !== (expectedDeadLetters[topic] ?? 0));
  const missing = Object.entries(expectedDeadLetters).filter(([topic, n]) => n > 0 && !(`${stack.topicPrefix}${topic}` in found));
  const injected = Object.values(expectedDeadLetters).reduce((a, b) => a + b, 0);
  check(
    'dead-letter topics hold only what the scenario injected',
    unexpected.length === 0 && missing.length === 0,
    [...unexpected.map(({ topic, n }) => `${topic}: ${n}, expected ${expectedDeadLetters[topic] ?? 0}`), ...missing.map(([t]) => `${t}: missing`)].join(', ') ||
      `${injected} injected, ${injected} found`,
  );
  return results;
}

interface ReadSideSummary {
  status?: string;
  totalCents?: number;
  payment?: { status: string; amountCents: number; refundedCents: number };
  shipment?: { status: string };
}

async function readSideOrder(stack: Stack, orderId: string): Promise<ReadSideSummary | undefined> {
  const response = await fetch(`${stack.urls.query}/orders/${encodeURIComponent(orderId)}`);
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`query-service answered ${response.status} for order ${orderId}`);
  return ((await response.json()) as { order: ReadSideSummary }).order;
}

async function readSideProduct(stack: Stack, sku: string): Promise<{ available: number; reserved: number; committed: number } | undefined> {
  const response = await fetch(`${stack.urls.query}/products/${encodeURIComponent(sku)}`);
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`query-service answered ${response.status} for product ${sku}`);
  return (await response.json()) as { available: number; reserved: number; committed: number };
}

/** The invariants once the stack has settled (facts still leaving outboxes), or the last failing check. */
export async function settledInvariants(
  stack: Stack,
  shop: ShopClient,
  stocked: StockedSku[],
  options: InvariantOptions = {},
  timeoutMs = 20_000,
): Promise<InvariantResult[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const results = await checkInvariants(stack, shop, stocked, options);
    if (results.every((r) => r.ok) || Date.now() > deadline) return results;
    await new Promise((r) => setTimeout(r, 500));
  }
}
