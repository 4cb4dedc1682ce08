// Pessimistic locks for hot streams. Optimistic concurrency alone keeps a stream consistent, but when
// hundreds of commands race for one aggregate (the last units of a product) most of them would lose,
// retry and lose again. A transaction-scoped advisory lock per stream makes them queue instead.
// Locks are taken in sorted order, so two transactions locking overlapping sets cannot deadlock.
import type { Transaction } from './transaction';

export async function lockStreams(tx: Transaction, streamIds: string[]): Promise<void> {
  const sorted = [...new Set(streamIds)].sort();
  for (const streamId of sorted) {
    await tx.query({ name: 'event-store-lock-stream', text: 'SELECT pg_advisory_xact_lock(hashtext($1))', values: [streamId] });
  }
}
