// The evaluator's reads and writes: the span stream by ingest time, whole traces for judging,
// cost baselines, and its own watermark. Everything else it stores goes through core/evaluations.
import type { ClickHouseClient } from '@clickhouse/client';
import type { Store } from '../core/clickhouse/client.ts';
import { queryRows } from '../core/clickhouse/query.ts';
import { dateTime64FromMillis } from '../core/time.ts';
import type { TraceSpan } from './extract.ts';

export interface Shard {
  index: number;
  count: number;
}

export interface TouchedTrace {
  projectId: string;
  traceId: string;
  /** Ingest times (ms since the epoch) of the first and last span seen in the scanned window. */
  firstMs: number;
  lastMs: number;
  hasRoot: boolean;
}

export async function readWatermark(client: ClickHouseClient, evaluator: string): Promise<number | undefined> {
  const [row] = await queryRows<{ ms: string }>(
    client,
    `SELECT toString(toUnixTimestamp64Milli(argMax(watermark, updated_at))) AS ms FROM evaluator_state
     WHERE evaluator = {evaluator: String} HAVING count() > 0`,
    { evaluator },
  );
  return row ? Number(row.ms) : undefined;
}

export async function writeWatermark(store: Pick<Store, 'insertJsonLines'>, evaluator: string, ms: number): Promise<void> {
  await store.insertJsonLines('evaluator_state', [JSON.stringify({ evaluator, watermark: dateTime64FromMillis(ms) })]);
}

/** Traces with spans ingested in (fromMs, toMs], in this shard. */
export async function readTouchedTraces(client: ClickHouseClient, fromMs: number, toMs: number, shard: Shard): Promise<TouchedTrace[]> {
  const rows = await queryRows<{ project_id: string; trace_id: string; first_ms: string; last_ms: string; roots: string }>(
    client,
    `SELECT project_id, trace_id,
            toString(toUnixTimestamp64Milli(min(ingested_at))) AS first_ms,
            toString(toUnixTimestamp64Milli(max(ingested_at))) AS last_ms,
            countIf(parent_span_id = '') AS roots
     FROM spans
     WHERE ingested_at > fromUnixTimestamp64Milli({from: Int64}) AND ingested_at <= fromUnixTimestamp64Milli({to: Int64})
       AND cityHash64(trace_id) % {count: UInt32} = {index: UInt32}
     GROUP BY project_id, trace_id`,
    { from: fromMs, to: toMs, count: shard.count, index: shard.index },
  );
  return rows.map((r) => ({ projectId: r.project_id, traceId: r.trace_id, firstMs: Number(r.first_ms), lastMs: Number(r.last_ms), hasRoot: Number(r.roots) > 0 }));
}

const SPAN_COLUMNS = `trace_id, span_id, parent_span_id, name, span_type, service_name, agent_name, model, operation,
  toString(toUnixTimestamp64Nano(start_time)) AS start_ns, toString(toUnixTimestamp64Nano(end_time)) AS end_ns,
  duration_ns, status_code, input_tokens, output_tokens, cost_usd, cost_status, input_text, output_text, input_messages,
  tool_name, documents, outcome, attributes['vigil.feedback.thumbs'] AS feedback_thumbs, attributes['vigil.feedback.score'] AS feedback_score,
  attributes['vigil.feedback.comment'] AS feedback_comment, if(position(events, 'vigil.feedback') > 0, events, '') AS feedback_events`;

/**
 * Every span of many traces of one project, grouped by trace. The traces' time ranges come from
 * `executions` (keyed by trace), so the read touches only the hours that hold them.
 */
export async function readTraces(client: ClickHouseClient, projectId: string, traceIds: readonly string[]): Promise<Map<string, TraceSpan[]>> {
  const traces = new Map<string, TraceSpan[]>();
  if (traceIds.length === 0) return traces;
  const [range] = await queryRows<{ from_ns: string; to_ns: string }>(
    client,
    `SELECT toString(toUnixTimestamp64Nano(min(start_time))) AS from_ns, toString(toUnixTimestamp64Nano(max(end_time))) AS to_ns
     FROM executions WHERE project_id = {projectId: String} AND trace_id IN {traceIds: Array(String)} HAVING count() > 0`,
    { projectId, traceIds },
  );
  if (!range) return traces;
  const rows = await queryRows<Record<string, unknown>>(
    client,
    `SELECT ${SPAN_COLUMNS} FROM spans
     WHERE project_id = {projectId: String}
       AND toStartOfHour(start_time) >= toStartOfHour(fromUnixTimestamp64Nano({fromNs: Int64}))
       AND start_time <= fromUnixTimestamp64Nano({toNs: Int64})
       AND trace_id IN {traceIds: Array(String)}`,
    { projectId, traceIds, fromNs: range.from_ns, toNs: range.to_ns },
  );
  for (const row of rows) {
    const { start_ns, end_ns, ...rest } = row;
    const span = { ...rest, start_time: start_ns, end_time: end_ns, duration_ns: Number(row.duration_ns), input_tokens: Number(row.input_tokens), output_tokens: Number(row.output_tokens) } as TraceSpan;
    const list = traces.get(span.trace_id);
    if (list) list.push(span);
    else traces.set(span.trace_id, [span]);
  }
  return traces;
}

/** Cost per execution of one agent's recent executions (a sample of at most `limit`). */
export async function readCostSample(client: ClickHouseClient, projectId: string, agent: string, sinceMs: number, limit = 5000): Promise<number[]> {
  const rows = await queryRows<{ cost: number }>(
    client,
    `SELECT sum(cost_usd) AS cost FROM executions
     WHERE project_id = {projectId: String} AND start_time >= fromUnixTimestamp64Milli({since: Int64})
     GROUP BY trace_id HAVING max(agent_name) = {agent: String} AND sum(unpriced_spans) = 0
     ORDER BY cityHash64(trace_id) LIMIT {limit: UInt32}`,
    { projectId, agent, since: sinceMs, limit },
  );
  return rows.map((r) => Number(r.cost));
}

export interface ExecutionKey {
  traceId: string;
  startNs: string;
}

/** Executions (by root span) of one project that started in a range, oldest first, a page at a time. */
export async function readExecutionPage(
  client: ClickHouseClient,
  projectId: string,
  range: { sinceMs: number; untilMs: number; agent?: string },
  after: ExecutionKey | undefined,
  limit: number,
): Promise<ExecutionKey[]> {
  const rows = await queryRows<{ trace_id: string; start_ns: string }>(
    client,
    `SELECT trace_id, toString(toUnixTimestamp64Nano(start_time)) AS start_ns FROM trace_roots
     WHERE project_id = {projectId: String}
       AND start_time >= fromUnixTimestamp64Milli({since: Int64}) AND start_time < fromUnixTimestamp64Milli({until: Int64})
       AND ({agent: String} = '' OR agent_name = {agent: String})
       AND (toUnixTimestamp64Nano(start_time), trace_id) > ({afterNs: Int64}, {afterTrace: String})
     ORDER BY start_time, trace_id
     LIMIT {limit: UInt32}`,
    { projectId, since: range.sinceMs, until: range.untilMs, agent: range.agent ?? '', afterNs: after?.startNs ?? '0', afterTrace: after?.traceId ?? '', limit },
  );
  return rows.map((r) => ({ traceId: r.trace_id, startNs: r.start_ns }));
}

export async function countExecutions(client: ClickHouseClient, projectId: string, range: { sinceMs: number; untilMs: number; agent?: string }): Promise<number> {
  const [row] = await queryRows<{ n: string }>(
    client,
    `SELECT count() AS n FROM trace_roots
     WHERE project_id = {projectId: String}
       AND start_time >= fromUnixTimestamp64Milli({since: Int64}) AND start_time < fromUnixTimestamp64Milli({until: Int64})
       AND ({agent: String} = '' OR agent_name = {agent: String})`,
    { projectId, since: range.sinceMs, until: range.untilMs, agent: range.agent ?? '' },
  );
  return Number(row?.n ?? 0);
}

/** The ingest time (ms) of the first span ingested after `afterMs` in this shard, if any. */
export async function readNextIngest(client: ClickHouseClient, afterMs: number, shard: Shard): Promise<number | undefined> {
  const [row] = await queryRows<{ ms: string }>(
    client,
    `SELECT toString(toUnixTimestamp64Milli(min(ingested_at))) AS ms FROM spans
     WHERE ingested_at > fromUnixTimestamp64Milli({after: Int64}) AND cityHash64(trace_id) % {count: UInt32} = {index: UInt32}
     HAVING count() > 0`,
    { after: afterMs, count: shard.count, index: shard.index },
  );
  return row ? Number(row.ms) : undefined;
}

/**
 * Answers of the last day the judge still owes a verdict on: offline scores in the band with no
 * judge verdict yet (never sent before a restart, or answered `unknown`). Oldest first.
 */
export async function readOwedJudgements(client: ClickHouseClient, band: { low: number; high: number }, sinceMs: number, limit: number): Promise<{ projectId: string; traceId: string }[]> {
  const rows = await queryRows<{ project_id: string; trace_id: string }>(
    client,
    `SELECT project_id, trace_id FROM evaluations FINAL
     WHERE source = 'guardrail' AND check = 'hallucination' AND label != 'not_checkable'
       AND score >= {low: Float64} AND score <= {high: Float64}
       AND evaluated_at >= fromUnixTimestamp64Milli({since: Int64})
       AND (project_id, trace_id) NOT IN (
         SELECT project_id, trace_id FROM evaluations FINAL
         WHERE source = 'judge' AND check = 'hallucination' AND label != 'unknown' AND evaluated_at >= fromUnixTimestamp64Milli({since: Int64}))
     ORDER BY evaluated_at LIMIT {limit: UInt32}`,
    { low: band.low, high: band.high, since: sinceMs, limit },
  );
  return rows.map((r) => ({ projectId: r.project_id, traceId: r.trace_id }));
}
