// Where an Eventshop order's time goes: every service records its part as events stamped with their
// transaction's start (the order saga's stream, the reservation, the payment, the shipment), so after
// a phase the stretches between consecutive events of each order — a Kafka hop, a provider call —
// can be read back without adding load while it runs. Reported as p50 / p95 per stretch, in the order they happen.
import type { Stack } from '@eventshop/stack';
import { Pool } from 'pg';

export interface Stretch {
  from: string;
  to: string;
  orders: number;
  p50: number;
  p95: number;
}

/** Each participant's stream of an order, by the service whose database holds it. */
const streamsOf = {
  order: (id: string) => `saga-order-${id}`,
  inventory: (id: string) => `reservation-${id}`,
  payment: (id: string) => `payment-${id}`,
  shipping: (id: string) => `shipment-${id}`,
} as const;

interface Mark {
  name: string;
  at: number;
}

export async function stepLatencies(stack: Stack, orders: { orderId: string; sentAt: number }[]): Promise<Stretch[]> {
  const marks = new Map<string, Mark[]>(orders.map((o) => [o.orderId, [{ name: 'POST', at: o.sentAt }]]));
  for (const [service, streamOf] of Object.entries(streamsOf) as [keyof typeof streamsOf, (id: string) => string][]) {
    const pool = new Pool({ ...stack.databases[service], max: 1 });
    try {
      const prefix = streamOf('');
      const { rows } = await pool.query<{ stream_id: string; type: string; step: string | null; at: Date }>(
        `SELECT stream_id, type, data->>'step' AS step, created_at AS at FROM events WHERE stream_id = ANY($1) ORDER BY stream_id, stream_version`,
        [orders.map((o) => streamOf(o.orderId))],
      );
      for (const row of rows) {
        const name = `${service}: ${row.type}${row.step ? ` (${row.step})` : ''}`;
        marks.get(row.stream_id.slice(prefix.length))?.push({ name, at: row.at.getTime() });
      }
    } finally {
      await pool.end();
    }
  }
  const stretches = new Map<string, { from: string; to: string; ms: number[]; position: number[] }>();
  for (const orderMarks of marks.values()) {
    orderMarks.sort((a, b) => a.at - b.at);
    for (let i = 1; i < orderMarks.length; i++) {
      const [from, to] = [orderMarks[i - 1].name, orderMarks[i].name];
      const stretch = stretches.get(`${from}→${to}`) ?? { from, to, ms: [], position: [] };
      stretch.ms.push(orderMarks[i].at - orderMarks[i - 1].at);
      stretch.position.push(i);
      stretches.set(`${from}→${to}`, stretch);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const at = (q: number, sorted: number[]) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  // The path most orders take (the completed one); a compensation's stretches are too few to show.
  return (
    [...stretches.values()]
      // Events written by one transaction share its start: no stretch between them to show.
      .filter((s) => s.ms.length >= orders.length / 2 && s.ms.some((ms) => ms > 0))
      .sort((a, b) => mean(a.position) - mean(b.position))
      .map((s) => {
        const sorted = [...s.ms].sort((a, b) => a - b);
        return { from: s.from, to: s.to, orders: s.ms.length, p50: at(0.5, sorted), p95: at(0.95, sorted) };
      })
  );
}
