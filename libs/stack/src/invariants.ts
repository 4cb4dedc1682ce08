// The invariants every scenario (and the demo) ends with: every saga ended, stock conserved per SKU,
// money conserved (charges − refunds = totals of completed orders), no order both shipped and
// refunded, and every outbox drained.
import { Client } from 'pg';
import type { Stack } from './stack/stack';

export interface InvariantResult {
  name: string;
  ok: boolean;
  detail: string;
}

interface Ledger {
  charges: { orderId: string; amountCents: number }[];
  refunds: { orderId: string; amountCents: number }[];
}

const get = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;

export async function checkInvariants(stack: Stack, orders: string[], stockedSkus: { sku: string; stocked: number }[]): Promise<InvariantResult[]> {
  const results: InvariantResult[] = [];
  const views = await Promise.all(orders.map((id) => get<{ orderId: string; status: string; totalCents?: number }>(`${stack.urls.order}/orders/${id}`)));
  const open = views.filter((v) => v.status !== 'COMPLETED' && v.status !== 'COMPENSATED');
  results.push({ name: 'every saga ended (COMPLETED or COMPENSATED)', ok: open.length === 0, detail: open.length ? open.map((v) => `${v.orderId}: ${v.status}`).join(', ') : `${views.length} orders` });

  for (const { sku, stocked } of stockedSkus) {
    const s = await get<{ available: number; reserved: number; committed: number }>(`${stack.urls.inventory}/products/${sku}`);
    const total = s.available + s.reserved + s.committed;
    results.push({ name: `stock conserved for ${sku}`, ok: total === stocked && s.reserved === 0, detail: `stocked ${stocked} = available ${s.available} + reserved ${s.reserved} + committed ${s.committed}` });
  }

  const ledgers = await Promise.all([get<Ledger>(`${stack.urls['psp-primary']}/ledger`), get<Ledger>(`${stack.urls['psp-secondary']}/ledger`)]);
  const charged = ledgers.flatMap((l) => l.charges).filter((c) => orders.includes(c.orderId));
  const refunded = ledgers.flatMap((l) => l.refunds).filter((r) => orders.includes(r.orderId));
  const net = charged.reduce((s, c) => s + c.amountCents, 0) - refunded.reduce((s, r) => s + r.amountCents, 0);
  const completedTotal = views.filter((v) => v.status === 'COMPLETED').reduce((s, v) => s + (v.totalCents ?? 0), 0);
  results.push({ name: 'money conserved (charges − refunds = completed totals)', ok: net === completedTotal, detail: `${net} = ${completedTotal} cents` });

  const carrier = await get<{ bookings: { orderId: string }[]; cancellations: { orderId: string }[] }>(`${stack.urls.carrier}/ledger`);
  const cancelled = new Set(carrier.cancellations.map((c) => c.orderId));
  const refundedIds = new Set(refunded.map((r) => r.orderId));
  const shippedAndRefunded = carrier.bookings.filter((b) => orders.includes(b.orderId) && !cancelled.has(b.orderId) && refundedIds.has(b.orderId));
  results.push({ name: 'no order both shipped and refunded', ok: shippedAndRefunded.length === 0, detail: shippedAndRefunded.map((b) => b.orderId).join(', ') || 'none' });

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
  results.push({ name: 'outboxes drained', ok: pending.length === 0, detail: pending.join(', ') || 'all empty' });
  return results;
}
