// A handler's visible effect for tests: one row per handled message, written in the inbox transaction.
import type { Pool } from 'pg';
import type { MessageHandler } from '../inbox/inbox-consumer';

export async function createEffectsTable(pool: Pool): Promise<void> {
  await pool.query('CREATE TABLE IF NOT EXISTS effects (message_id text, key text, seq int, handled_at timestamptz DEFAULT clock_timestamp())');
}

export const recordEffect: MessageHandler = async (message, tx) => {
  const data = message.data as { key: string; seq: number };
  await tx.query('INSERT INTO effects (message_id, key, seq) VALUES ($1, $2, $3)', [message.messageId, data.key, data.seq]);
};

export async function effects(pool: Pool): Promise<{ message_id: string; key: string; seq: number }[]> {
  return (await pool.query('SELECT message_id, key, seq FROM effects ORDER BY handled_at')).rows;
}
