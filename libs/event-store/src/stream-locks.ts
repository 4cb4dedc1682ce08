// Pessimistic locks for hot streams. Optimistic concurrency alone keeps a stream consistent, but when
// hundreds of commands race for one aggregate (the last units of a product) most of them would lose,
// retry and lose again. A transaction-scoped advisory lock per stream makes them queue instead.
// A call's locks are taken in one statement, in the order of their keys — every transaction shares
// that order, so two transactions locking overlapping sets in one call each cannot deadlock.
// A transaction remembers the streams it locked: asking again costs no round trip.
import type { Transaction } from './transaction';

const held = new WeakMap<Transaction, Set<string>>();

export async function lockStreams(tx: Transaction, streamIds: string[]): Promise<void> {
  const locked = held.get(tx);
  const wanted = [...new Set(streamIds)].filter((id) => !locked?.has(id));
  if (wanted.length === 0) return;
  if (wanted.length === 1) {
    await tx.query({ name: 'event-store-lock-stream', text: 'SELECT pg_advisory_xact_lock(hashtext($1))', values: wanted });
  } else {
    // The keys are sorted before any is locked; the outer query takes them in that order.
    await tx.query({ name: 'event-store-lock-streams', text: `SELECT pg_advisory_xact_lock(key) FROM ${sortedKeys('$1')}`, values: [wanted] });
  }
  streamLocksTaken(tx, wanted);
}

const sortedKeys = (parameter: string) => `(SELECT DISTINCT hashtext(id) AS key FROM unnest(${parameter}::text[]) AS id ORDER BY key) AS keys`;

/**
 * SQL that locks the streams named by a text[] parameter, in key order, as one row: for a statement
 * that does something else in the same round trip and joins this row first (the inbox's record of a
 * batch, whose handler locks these streams first). Tell `streamLocksTaken` once it has run.
 */
export const lockStreamsRow = (parameter: string) => `SELECT count(pg_advisory_xact_lock(key)) AS locked FROM ${sortedKeys(parameter)}`;

/** Notes that `tx` holds these streams' locks (taken by a statement built with lockStreamsRow). */
export function streamLocksTaken(tx: Transaction, streamIds: string[]): void {
  const locked = held.get(tx);
  if (locked) for (const id of streamIds) locked.add(id);
  else held.set(tx, new Set(streamIds));
}
