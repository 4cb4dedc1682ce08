// An order's timeline: every saga step and compensation (with its attempt and reason), and what the
// payment and the shipment reported, each entry with the time it happened. Entries are sorted by
// that time and, within the saga, by the saga's own sequence — never by when they arrived here.
import type { QueryApi } from '@eventshop/contracts';
import type { TimedOrderFact } from './order-facts';

/** A timeline entry of the read API (libs/contracts query-api), stored with its order's id. */
export interface TimelineEntry extends QueryApi.TimelineEntry {
  orderId: string;
}

/** The timeline entries a fact adds: a saga transition's, one per saga event; another fact's, one or none. */
export function timelineEntriesOf(fact: TimedOrderFact): TimelineEntry[] {
  if (fact.type !== 'OrderSagaProgressed') {
    const entry = timelineEntryOf(fact);
    return entry ? [entry] : [];
  }
  return fact.data.progress.map(({ sequence, kind, step, attempt, reason }) => entryOf(fact, 'saga', kind, { sequence, step, attempt, reason }));
}

function timelineEntryOf(fact: Exclude<TimedOrderFact, { type: 'OrderSagaProgressed' }>): TimelineEntry | undefined {
  switch (fact.type) {
    case 'OrderPlaced':
    case 'OrderPriced':
    case 'OrderCompleted':
      return entryOf(fact, 'order', fact.type);
    case 'OrderCompensated':
    case 'OrderCompensationFailed':
      return entryOf(fact, 'order', fact.type, { reason: fact.data.reason });
    case 'PaymentCharged':
    case 'PaymentRefundIssued':
      return entryOf(fact, 'payment', fact.type);
    case 'PaymentDeclined':
      return entryOf(fact, 'payment', fact.type, { reason: fact.data.reason });
    case 'ShipmentBooked':
      return entryOf(fact, 'shipping', fact.type);
    case 'ShipmentRefused':
    case 'ShipmentCancelledByOrder':
      return entryOf(fact, 'shipping', fact.type, { reason: fact.data.reason });
    default:
      return undefined;
  }
}

// Every entry built in one place with the same fields: a replay makes a million of them.
function entryOf(
  fact: TimedOrderFact,
  source: TimelineEntry['source'],
  kind: string,
  more: Partial<Pick<TimelineEntry, 'sequence' | 'step' | 'attempt' | 'reason'>> = {},
): TimelineEntry {
  return {
    orderId: fact.data.orderId,
    source,
    sequence: more.sequence ?? 0,
    position: fact.position,
    kind,
    step: more.step,
    attempt: more.attempt,
    reason: more.reason,
    at: fact.occurredAt,
  };
}

/** The topic an entry's fact came on: the saga's and the order's share order.events. */
const topicOf = (entry: TimelineEntry) => (entry.source === 'saga' ? 'order' : entry.source);

/**
 * The order a reader sees: by time; within a millisecond, facts of one topic by their place in it, and
 * a saga transition's entries (one fact, one place) by the saga's sequence.
 */
export function compareTimelineEntries(a: TimelineEntry, b: TimelineEntry): number {
  return a.at.localeCompare(b.at) || topicOf(a).localeCompare(topicOf(b)) || a.position - b.position || a.sequence - b.sequence || a.kind.localeCompare(b.kind);
}
