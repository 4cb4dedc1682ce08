// Notifications that stay inside the process when their listener does. The outbox relay and the work
// queue's workers run in the service that writes their rows; when a transaction of this process that
// asked to notify a channel commits, a listener registered here for that channel (on the same
// database) is woken directly, and the pg_notify round trip — one statement after every writing
// transaction — is left out. A channel nobody in this process listens to (the relay leader is another
// instance) still goes through PostgreSQL. Either way a notification is a hint: listeners also poll.
import { Registry } from '@eventshop/lifecycle';
import type { ClientBase } from 'pg';

type Wake = () => void;

const listeners = new Registry<Wake>();

/** Which database a connection or pool talks to: a channel's name is only unique within one. */
interface ConnectionTarget {
  host?: string;
  port?: number;
  database?: string;
}

/** Which database a connection talks to, as one string (host:port/name): what in-process listeners are keyed by. */
export const databaseOf = (connection: ClientBase): string => {
  const target = connection as ClientBase & ConnectionTarget;
  return `${target.host ?? ''}:${target.port ?? ''}/${target.database ?? ''}`;
};

const keyOf = (connection: ClientBase, channel: string) => `${databaseOf(connection)}#${channel}`;

/**
 * Wakes `wake` whenever a transaction of this process on the database `listener` is connected to (its
 * LISTEN connection) notifies `channel` and commits; returns the unsubscribe.
 */
export function listenInProcess(listener: ClientBase, channel: string, wake: Wake): () => void {
  return listeners.add(keyOf(listener, channel), wake);
}

/** Wakes this process's listeners of `channel` on `client`'s database; false when it has none (PostgreSQL must tell the others). */
export function wakeInProcess(client: ClientBase, channel: string): boolean {
  const wakes = listeners.get(keyOf(client, channel));
  for (const wake of wakes) wake();
  return wakes.size > 0;
}
