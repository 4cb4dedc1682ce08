// Pessimistic locks for hot streams. Optimistic concurrency alone keeps a stream consistent, but when
// hundreds of commands race for one aggregate (the last units of a product) most of them would lose,
// retry and lose again. A transaction-scoped advisory lock per stream makes them queue instead.
// A call's locks are taken in one statement, in the order of their keys — every transaction shares
// that order, so two transactions locking overlapping sets in one call each cannot deadlock.
import type { Transaction } from './transaction';

export async function lockStreams(tx: Transaction, streamIds: string[]): Promise<void> {
  const distinct = [...new Set(streamIds)];
  if (distinct.length === 0) return;
  if (distinct.length === 1) {
    await tx.query({ name: 'event-store-lock-stream', text: 'SELECT pg_advisory_xact_lock(hashtext($1))', values: distinct });
    return;
  }
  // The keys are sorted before any is locked; the outer query takes them in that order.
  await tx.query({
    name: 'event-store-lock-streams',
    text: 'SELECT pg_advisory_xact_lock(key) FROM (SELECT DISTINCT hashtext(id) AS key FROM unnest($1::text[]) AS id ORDER BY key) AS keys',
    values: [distinct],
  });
}
