// The baseline a rebuild is measured against: the very rows the rebuild produced, written again into
// empty copies of their tables (same columns, keys and indexes) with plain batched INSERTs through
// pg — the cost of the writes alone, without reading Kafka, checking contracts or folding facts.
import type { Pool } from 'pg';

export interface RawBaseline {
  rows: number;
  seconds: number;
}

/** Reads every row of `tables`, then times inserting them into `raw_<table>` copies, `batchRows` rows a statement. */
export async function rawInsertBaseline(pool: Pool, tables: string[], batchRows = 1_000): Promise<RawBaseline> {
  const loaded = [];
  for (const table of tables) {
    const { rows, fields } = await pool.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
    await pool.query(`DROP TABLE IF EXISTS raw_${table}`);
    await pool.query(`CREATE TABLE raw_${table} (LIKE ${table} INCLUDING ALL)`);
    loaded.push({ table, columns: fields.map((f) => f.name), rows });
  }
  // pg would send a JS array as a PostgreSQL array: JSON columns go as JSON text.
  const param = (value: unknown) => (value !== null && typeof value === 'object' && !(value instanceof Date) ? JSON.stringify(value) : value);
  const client = await pool.connect();
  try {
    const started = performance.now();
    let written = 0;
    for (const { table, columns, rows } of loaded) {
      for (let from = 0; from < rows.length; from += batchRows) {
        const batch = rows.slice(from, from + batchRows);
        const values = batch.flatMap((row) => columns.map((c) => param(row[c])));
        const tuples = batch.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
        await client.query(`INSERT INTO raw_${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
        written += batch.length;
      }
    }
    return { rows: written, seconds: (performance.now() - started) / 1000 };
  } finally {
    client.release();
    for (const { table } of loaded) await pool.query(`DROP TABLE IF EXISTS raw_${table}`);
  }
}
