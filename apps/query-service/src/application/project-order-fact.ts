// Use case: one fact about an order, folded into its summary, added to its timeline and announced to
// live subscribers, through a writer bound to the transaction the fact's checkpoint commits in.
import type { TimedOrderFact } from '../domain/order-facts';
import { emptyOrderSummary, evolveOrderSummary } from '../domain/order-summary';
import { timelineEntryOf, type TimelineEntry } from '../domain/order-timeline';
import type { OrderViewWriter } from './ports/order-views';

const withoutOrderId = ({ orderId: _orderId, ...entry }: TimelineEntry) => entry;

export async function projectOrderFact(views: OrderViewWriter, fact: TimedOrderFact): Promise<void> {
  const { orderId } = fact.data;
  const summary = (await views.load(orderId)) ?? emptyOrderSummary(orderId);
  const next = evolveOrderSummary(summary, fact);
  await views.save(next);
  const entry = timelineEntryOf(fact);
  if (entry) await views.addTimelineEntry(entry);
  await views.publishChange({ orderId, status: next.status, entry: entry && withoutOrderId(entry) });
}
