// Use case: a batch of facts about orders (one partition's, in offset order) folded into their
// summaries, added to their timelines and announced to live subscribers, through a writer bound to the
// transaction their checkpoint commits in. Each order's summary is read once and written once per
// batch, however many of its facts the batch holds: that is what makes a replay fast.
import type { TimedOrderFact } from '../domain/order-facts';
import { emptyOrderSummary, evolveOrderSummary } from '../domain/order-summary';
import { timelineEntriesOf, type TimelineEntry } from '../domain/order-timeline';
import type { OrderChange, OrderViewWriter } from './ports/order-views';

const withoutOrderId = ({ orderId: _orderId, ...entry }: TimelineEntry) => entry;

export async function projectOrderFacts(views: OrderViewWriter, facts: TimedOrderFact[]): Promise<void> {
  const summaries = await views.load([...new Set(facts.map((fact) => fact.data.orderId))]);
  const entries: TimelineEntry[] = [];
  const changes: OrderChange[] = [];
  for (const fact of facts) {
    const { orderId } = fact.data;
    const next = evolveOrderSummary(summaries.get(orderId) ?? emptyOrderSummary(orderId), fact);
    summaries.set(orderId, next);
    const added = timelineEntriesOf(fact);
    entries.push(...added);
    // Live subscribers get a change per timeline entry (a saga transition adds several), or one without.
    const change = { orderId, customerId: next.customerId, status: next.status };
    if (added.length === 0) changes.push(change);
    for (const entry of added) changes.push({ ...change, entry: withoutOrderId(entry) });
  }
  await views.write({ summaries: [...summaries.values()], entries, changes });
}
