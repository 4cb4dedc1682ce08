// bench/orders/transaction-shapes: where an order's write transactions are, service by service and
// shape by shape — the breakdown behind bench/orders' single "write transactions per order" figure.
//
// PostgreSQL logs every statement for the run (log_min_duration_statement = 0, each line prefixed with
// its database, virtual transaction id and transaction id); orders go through the whole stack at a low
// rate; then the log is read back. A transaction that drew a transaction id wrote; its shape is the
// names of the statements it ran. This changes the server's logging settings for the run (ALTER
// SYSTEM, reloaded, reset afterwards): run it against a development PostgreSQL, and name the file the
// server logs to with --server-log unless PostgreSQL's own log collector knows it.
// Usage: npm run bench:transactions -- --help
import { setTimeout as sleep } from 'node:timers/promises';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { ShopClient, startStack } from '@eventshop/stack';
import { endpointsToEnv, startTestInfrastructure } from '@eventshop/testing';
import { Pool } from 'pg';
import { benchCli, recordFigures, runBench, undoAtExit } from '../shared/bench-cli';
import { describeRun } from '../shared/machine';
import { round } from '../shared/measure';

const cli = benchCli('bench:transactions', "Each service's write transactions per order, by the statements they run (from PostgreSQL's statement log).", {
  orders: { default: '20', help: 'orders measured (all complete)' },
  rate: { default: '2', help: 'orders placed per second' },
  'server-log': { default: '', help: 'the file PostgreSQL logs to (default: pg_current_logfile(), when its log collector runs)' },
});
const orders = Number(cli.options.orders);
const rate = Number(cli.options.rate);
const say = (line = '') => process.stderr.write(`${line}\n`);

/** One logged statement: the database, the transaction (virtual id), whether it had drawn a transaction id, its name or text. */
interface Logged {
  database: string;
  vxid: string;
  wrote: boolean;
  statement: string;
}

const PREFIX = '@@shape %d|%v|%x| ';
const LINE = /^@@shape ([^|]*)\|([^|]*)\|([^|]*)\| LOG: {2}duration: [\d.]+ ms {2}(?:execute ([^:]+)|statement): ?(.*)$/;

/** The statements of the log's lines (their first line: enough to name them); parse and bind steps are left out. */
function statementsOf(text: string): Logged[] {
  const logged: Logged[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    const match = LINE.exec(line);
    if (!match) continue;
    const [, database, vxid, xid, name, sql] = match;
    // An unnamed prepared statement logs as execute <unnamed>, a simple query as its text: named by
    // its first words (those of the next line, the first continuation, when the text starts on it).
    const firstLine = sql.trim() || (lines[index + 1]?.startsWith('\t') ? lines[index + 1].trim() : '');
    const statement = name && name !== '<unnamed>' ? name : firstLine.replace(/\s+/g, ' ').slice(0, 48) || '(an unnamed statement)';
    logged.push({ database, vxid, wrote: xid !== '0', statement });
  }
  return logged;
}

/** Per service: write transactions, and how many of each shape (its statements in order, BEGIN and COMMIT left out). */
function shapesOf(logged: Logged[], serviceOf: Map<string, string>): Map<string, Map<string, number>> {
  const transactions = new Map<string, { service: string; wrote: boolean; statements: string[] }>();
  for (const entry of logged) {
    const service = serviceOf.get(entry.database);
    if (!service || !entry.vxid) continue;
    const key = `${entry.database}|${entry.vxid}`;
    const transaction = transactions.get(key) ?? { service, wrote: false, statements: [] };
    transaction.wrote ||= entry.wrote;
    if (!/^(BEGIN|COMMIT|START TRANSACTION)/i.test(entry.statement)) transaction.statements.push(entry.statement);
    transactions.set(key, transaction);
  }
  const byService = new Map<string, Map<string, number>>();
  for (const { service, wrote, statements } of transactions.values()) {
    if (!wrote) continue;
    const shapes = byService.get(service) ?? new Map<string, number>();
    const shape = statements.join(' · ');
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    byService.set(service, shapes);
  }
  return byService;
}

function readFrom(file: string, offset: number): string {
  const length = statSync(file).size - offset;
  const buffer = Buffer.alloc(Math.max(0, length));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

async function main() {
  const infrastructure = await startTestInfrastructure();
  undoAtExit(() => infrastructure.stop());
  Object.assign(process.env, endpointsToEnv(infrastructure.endpoints));
  const admin = new Pool({ ...infrastructure.endpoints.postgres, database: 'postgres', max: 1 });
  undoAtExit(() => admin.end());
  const [{ file, directory }] = (
    await admin.query<{ file: string | null; directory: string }>(`SELECT pg_current_logfile() AS file, current_setting('data_directory') AS directory`)
  ).rows;
  const serverLog = cli.options['server-log'] || (file ? path.resolve(directory, file) : '');
  if (!serverLog) throw new Error("PostgreSQL's log collector is off: name the file it logs to with --server-log");
  const stack = await startStack();
  undoAtExit(() => stack.stop());
  // The server logs every statement only while the orders are measured; whatever ends the run, it stops.
  const resetLogging = undoAtExit(async () => {
    await admin.query('ALTER SYSTEM RESET log_min_duration_statement');
    await admin.query('ALTER SYSTEM RESET log_line_prefix');
    await admin.query('SELECT pg_reload_conf()');
  });
  const shop = new ShopClient(stack);
  await shop.addProduct('SHAPES', 1_000_000);
  say('warming up: 10 orders, one after another');
  for (let i = 0; i < 10; i++) await shop.ended(await shop.place(`warm-${i}`, { items: [{ sku: 'SHAPES', quantity: 1 }] }));
  await sleep(3_000); // the relays' and projections' last rounds of the warm-up
  const from = statSync(serverLog).size;
  await admin.query('ALTER SYSTEM SET log_min_duration_statement = 0');
  await admin.query(`ALTER SYSTEM SET log_line_prefix = '${PREFIX}'`);
  await admin.query('SELECT pg_reload_conf()');
  await sleep(500);
  say(`${orders} orders at ${rate}/s, every statement logged`);
  const placed: string[] = [];
  for (let i = 0; i < orders; i++) {
    placed.push(await shop.place(`shape-${i}`, { items: [{ sku: 'SHAPES', quantity: 1 }] }));
    await sleep(1000 / rate);
  }
  for (const id of placed) await shop.ended(id);
  await sleep(3_000); // what the orders leave to do: the read side, the relays' deletes
  await resetLogging();
  const serviceOf = new Map<string, string>([
    ...Object.entries(stack.databases).map(([service, config]) => [String(config.database), service] as [string, string]),
    [String(stack.readDatabase.database), 'query'],
  ]);
  const byService = shapesOf(statementsOf(readFrom(serverLog, from)), serviceOf);
  const lines: string[] = [];
  let total = 0;
  for (const [service, shapes] of [...byService].sort(([a], [b]) => a.localeCompare(b))) {
    const count = [...shapes.values()].reduce((sum, n) => sum + n, 0);
    total += count;
    lines.push(`| ${service} | ${round(count / orders, 2)} | |`);
    for (const [shape, n] of [...shapes].sort(([, a], [, b]) => b - a)) lines.push(`| | ${round(n / orders, 2)} | ${shape.replaceAll('|', '\\|')} |`);
  }
  const record = [
    '',
    `## bench/transactions — ${new Date().toISOString().slice(0, 10)}`,
    '',
    await describeRun(admin),
    `- ${orders} orders (all complete) at ${rate}/s after 10 warm-up orders; every statement logged by PostgreSQL, a transaction that drew a transaction id counted as a write`,
    `- write transactions per order, all services: ${round(total / orders, 2)}`,
    '',
    '| service | write transactions per order | shape (statements in order) |',
    '|---|---|---|',
    ...lines,
    '',
  ].join('\n');
  process.stdout.write(record);
  recordFigures(cli.record, record);
}

runBench(main);
