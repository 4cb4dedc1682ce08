// A pooled connection held for a unit of work. pg-pool listens for a connection's errors only while it
// sits idle in the pool; once checked out, a connection lost to a database restart emits an 'error'
// nobody hears — and an unheard 'error' ends the Node process. The work must fail instead (its
// queries reject), and the dead connection must be destroyed, not handed to the next caller.
import type { Pool, PoolClient } from 'pg';

export async function withPooledConnection<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (error: Error) => (lost = error);
  client.on('error', onError);
  try {
    return await work(client);
  } finally {
    client.removeListener('error', onError);
    client.release(lost);
  }
}
