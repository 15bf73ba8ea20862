// What the executive view's materialized views cost the writer. They read `execution_facts` and
// `feedback`, which the evaluator writes; no view on `spans` changed, so span ingest does not pay for
// them. Measured as the insert rate of the same rows into the real table (views attached) and into a
// copy of it without views, interleaved in one run, through the store's insert path the evaluator
// uses. The rows are real facts of the corpus moved to another project and to January 2001, so that
// they are dropped afterwards (one partition, plus their rows in the per-day sums) without touching
// the corpus' figures.
import { insertFactChanges, insertFeedback, readCurrentFacts, type FactRow } from '../../core/business/repository.ts';
import type { Store } from '../../core/clickhouse/client.ts';
import { queryRows } from '../../core/clickhouse/query.ts';
import { percentile } from './stats.ts';

const PROJECT = 'bench-ingest';
const PARTITION = '200101';
const BASE_NS = BigInt(Date.UTC(2001, 0, 1)) * 1_000_000n;
/** Start times keep their time of day and spread over 28 days, all inside the partition. */
const SPREAD_NS = 28n * 86_400_000_000_000n;
/** Where the views on these tables write (sql/0010_business.sql). */
const SUM_TABLES = ['business_daily', 'cost_daily', 'feedback_daily'];
const READ_SLICE = 5000;

export interface InsertCost {
  table: string;
  views: string[];
  rowsPerInsert: number;
  inserts: number;
  withViews: { rowsPerSecond: number; medianMs: number };
  withoutViews: { rowsPerSecond: number; medianMs: number };
}

const copyOf = (table: string) => `bench_${table}_without_views`;

async function removeBenchRows(store: Store, tables: readonly string[]): Promise<void> {
  const sync = { clickhouse_settings: { mutations_sync: '2' } } as const;
  for (const table of tables) {
    await store.client.command({ query: `DROP TABLE IF EXISTS ${copyOf(table)}` });
    await store.client.command({ query: `ALTER TABLE ${table} DROP PARTITION {partition: String}`, query_params: { partition: PARTITION } });
  }
  for (const table of SUM_TABLES) {
    await store.client.command({ query: `ALTER TABLE ${table} DELETE WHERE project_id = {project: String}`, query_params: { project: PROJECT }, ...sync });
  }
}

/** JSONEachRow lines exactly as the repository functions write them. */
async function linesOf(write: (store: Pick<Store, 'insertJsonLines'>) => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  await write({ insertJsonLines: async (_table, batch) => void lines.push(...batch) });
  return lines;
}

async function rowsToInsert(store: Store, sourceProject: string, count: number): Promise<{ facts: string[]; feedback: string[] }> {
  const ids = (
    await queryRows<{ trace_id: string }>(
      store.client,
      'SELECT trace_id FROM execution_facts WHERE project_id = {project: String} ORDER BY cityHash64(trace_id) LIMIT {count: UInt32}',
      { project: sourceProject, count },
    )
  ).map((r) => r.trace_id);
  if (ids.length < count) throw new Error(`need ${count} executions' facts in project ${sourceProject}, found ${ids.length}`);
  // In slices: one IN list of 30,000 ids took minutes (20,000: under a second).
  const stored: FactRow[] = [];
  for (let i = 0; i < ids.length; i += READ_SLICE) stored.push(...(await readCurrentFacts(store.client, sourceProject, ids.slice(i, i + READ_SLICE))).values());
  const moved = stored.map((row) => ({
    ...row,
    project_id: PROJECT,
    start_time: String(BASE_NS + (BigInt(row.start_time) % SPREAD_NS)),
  }));
  const facts = await linesOf((sink) => insertFactChanges(sink, moved.map((row) => ({ row, sign: 1 as const }))));
  const feedback = await linesOf((sink) =>
    insertFeedback(
      sink,
      moved.map((row, i) => ({
        projectId: PROJECT, id: `bench-${i}`, traceId: row.trace_id, executionStartNs: row.start_time, agent: row.agent_name, source: 'span' as const,
        thumbs: i % 4 === 0 ? -1 : 1, score: i % 3 === 0 ? 1 + (i % 5) : 0, comment: '', userId: '', receivedAtMs: row.version,
      })),
    ),
  );
  return { facts, feedback };
}

async function timedInsert(store: Store, table: string, lines: readonly string[]): Promise<number> {
  const started = performance.now();
  await store.insertJsonLines(table, lines);
  return performance.now() - started;
}

/**
 * Inserts `rounds` batches of `rowsPerInsert` rows into each table and into its copy, alternating which
 * goes first, after one untimed batch each.
 */
async function compare(store: Store, table: string, lines: readonly string[], rounds: number, rowsPerInsert: number): Promise<InsertCost> {
  const [source] = await queryRows<{ views: string[] }>(store.client, 'SELECT dependencies_table AS views FROM system.tables WHERE database = currentDatabase() AND name = {table: String}', { table });
  await store.client.command({ query: `CREATE TABLE ${copyOf(table)} AS ${table}` });
  const batch = (i: number) => lines.slice(i * rowsPerInsert, (i + 1) * rowsPerInsert);
  await timedInsert(store, table, batch(0));
  await timedInsert(store, copyOf(table), batch(0));
  const withViews: number[] = [];
  const withoutViews: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    if (round % 2 === 1) withViews.push(await timedInsert(store, table, batch(round)));
    withoutViews.push(await timedInsert(store, copyOf(table), batch(round)));
    if (round % 2 === 0) withViews.push(await timedInsert(store, table, batch(round)));
  }
  const summary = (ms: number[]) => ({ rowsPerSecond: (rounds * rowsPerInsert) / (ms.reduce((a, b) => a + b, 0) / 1000), medianMs: percentile([...ms].sort((a, b) => a - b), 50) });
  return { table, views: source?.views ?? [], rowsPerInsert, inserts: rounds, withViews: summary(withViews), withoutViews: summary(withoutViews) };
}

/** The insert cost of the views on execution_facts and on feedback, from `sourceProject`'s facts. */
export async function viewInsertCost(store: Store, sourceProject: string, options: { rounds: number; rowsPerInsert: number }): Promise<InsertCost[]> {
  const tables = ['execution_facts', 'feedback'];
  await removeBenchRows(store, tables);
  try {
    const { facts, feedback } = await rowsToInsert(store, sourceProject, (options.rounds + 1) * options.rowsPerInsert);
    return [
      await compare(store, 'execution_facts', facts, options.rounds, options.rowsPerInsert),
      await compare(store, 'feedback', feedback, options.rounds, options.rowsPerInsert),
    ];
  } finally {
    await removeBenchRows(store, tables);
  }
}
