// Use case: one fact about an order, folded into its summary and added to its timeline, through a
// writer bound to the transaction the fact's checkpoint commits in.
import type { TimedOrderFact } from '../domain/order-facts';
import { emptyOrderSummary, evolveOrderSummary } from '../domain/order-summary';
import { timelineEntryOf } from '../domain/order-timeline';
import type { OrderViewWriter } from './ports/order-views';

export async function projectOrderFact(views: OrderViewWriter, fact: TimedOrderFact): Promise<void> {
  const { orderId } = fact.data;
  const summary = (await views.load(orderId)) ?? emptyOrderSummary(orderId);
  await views.save(evolveOrderSummary(summary, fact));
  const entry = timelineEntryOf(fact);
  if (entry) await views.addTimelineEntry(entry);
}
