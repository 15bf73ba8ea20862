// Queries on `spans` and the trace index. One function per query; parameters bound.
// Inserts are in insert.ts.
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '../clickhouse/query.ts';
import type { SpanRow, StoredSpanRow } from './row.ts';

/** One row as a JSONEachRow line (bulk loaders that write files of rows). */
export const serializeSpanRow = (row: SpanRow): string => JSON.stringify(row);

export async function countSpans(client: ClickHouseClient, projectId: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(client, 'SELECT count() AS n FROM spans WHERE project_id = {projectId: String}', { projectId });
  return Number(row?.n ?? 0);
}

export type StoredSpan = StoredSpanRow;

const NUMERIC = ['duration_ns', 'input_tokens', 'output_tokens', 'cached_tokens', 'reasoning_tokens'] as const;

/**
 * A span row as read: the UInt64 columns (JSON strings) parsed to numbers, and the times taken from
 * the `start_ns`/`end_ns` nanosecond strings (the DateTime64 text form would lose the epoch).
 */
function parseSpanRow<Row>({ start_ns, end_ns, ...row }: Record<string, unknown>): Row {
  for (const key of NUMERIC) row[key] = Number(row[key]);
  return { ...row, start_time: start_ns, end_time: end_ns } as Row;
}

/** A trace's first start and last end, nanoseconds since the epoch (decimal strings). */
export interface TraceRange {
  startNs: string;
  endNs: string;
}

/**
 * Spans of one trace: `spans` is ordered by (project, hour of start, service, trace), so bounding
 * the hours by the trace's range (from `executions`, keyed by trace) reads only those granules.
 */
const IN_TRACE_RANGE = `project_id = {projectId: String}
              AND toStartOfHour(start_time) >= toStartOfHour(fromUnixTimestamp64Nano({startNs: Int64}))
              AND start_time <= fromUnixTimestamp64Nano({endNs: Int64})
              AND trace_id = {traceId: String}`;

/** The time range of a trace from the trace index, or undefined when the trace is unknown. */
export async function getTraceRange(client: ClickHouseClient, projectId: string, traceId: string): Promise<TraceRange | undefined> {
  const [row] = await queryRows<{ start_ns: string; end_ns: string }>(
    client,
    `SELECT toString(toUnixTimestamp64Nano(min(start_time))) AS start_ns, toString(toUnixTimestamp64Nano(max(end_time))) AS end_ns
     FROM executions WHERE project_id = {projectId: String} AND trace_id = {traceId: String}
     HAVING count() > 0`,
    { projectId, traceId },
  );
  return row ? { startNs: row.start_ns, endNs: row.end_ns } : undefined;
}

/**
 * All spans of one trace in one project, ordered by start. With `dropRepeatedText`, `input_text` and
 * `output_text` are left empty where the span has input/output messages, which hold the same text
 * (a third less to send for LLM-heavy traces). `executions` (keyed by project and trace)
 * gives the time range, so the read touches only the parts of `spans` that hold this trace.
 */
export async function getTraceSpans(
  client: ClickHouseClient,
  projectId: string,
  traceId: string,
  options: { dropRepeatedText?: boolean; spanId?: string; range?: TraceRange } = {},
): Promise<StoredSpan[]> {
  const range = options.range ?? (await getTraceRange(client, projectId, traceId));
  if (!range) return [];
  const rows = await queryRows<Record<string, unknown>>(
    client,
    `SELECT * EXCEPT (ingested_at, input_text, output_text),
                   if({keepText: Bool} OR input_messages = '', input_text, '') AS input_text,
                   if({keepText: Bool} OR output_messages = '', output_text, '') AS output_text,
                   toString(toUnixTimestamp64Nano(start_time)) AS start_ns,
                   toString(toUnixTimestamp64Nano(end_time)) AS end_ns
            FROM spans
            WHERE ${IN_TRACE_RANGE}
              AND ({spanId: String} = '' OR span_id = {spanId: String})
            ORDER BY start_time, span_id`,
    { projectId, traceId, keepText: !options.dropRepeatedText, spanId: options.spanId ?? '', ...range },
  );
  return rows.map((row) => parseSpanRow<StoredSpan>(row));
}

/** Attribute keys seen on spans in a range, most frequent first (from a bounded sample of spans). */
export async function getAttributeKeys(client: ClickHouseClient, projectId: string, fromMs: number, toMs: number): Promise<{ value: string; count: number }[]> {
  const rows = await queryRows<{ value: string; n: string }>(
    client,
    `SELECT key AS value, count() AS n
     FROM (SELECT mapKeys(attributes) AS keys FROM spans
           WHERE project_id = {projectId: String}
             AND start_time >= toDateTime64({from: Float64}, 3) AND start_time < toDateTime64({to: Float64}, 3)
           ORDER BY project_id DESC, toStartOfHour(start_time) DESC
           LIMIT 20000)
     ARRAY JOIN keys AS key
     GROUP BY value ORDER BY n DESC, value LIMIT 200`,
    { projectId, from: fromMs / 1000, to: toMs / 1000 },
  );
  return rows.map((r) => ({ value: r.value, count: Number(r.n) }));
}

/** What went in and came out of each execution's root span (the user's request and the answer). */
export async function getRootTexts(
  client: ClickHouseClient,
  projectId: string,
  executions: readonly { traceId: string; startTimeUnixNano: string }[],
  maxChars = 4000,
): Promise<Map<string, { input: string; output: string }>> {
  if (executions.length === 0) return new Map();
  const starts = executions.map((e) => BigInt(e.startTimeUnixNano));
  const min = starts.reduce((a, b) => (a < b ? a : b));
  const max = starts.reduce((a, b) => (a > b ? a : b));
  const rows = await queryRows<{ trace_id: string; input: string; output: string }>(
    client,
    `SELECT trace_id, substringUTF8(input_text, 1, {maxChars: UInt32}) AS input, substringUTF8(output_text, 1, {maxChars: UInt32}) AS output
     FROM spans
     WHERE project_id = {projectId: String}
       AND start_time >= fromUnixTimestamp64Nano({min: Int64}) AND start_time <= fromUnixTimestamp64Nano({max: Int64})
       AND parent_span_id = '' AND trace_id IN {traceIds: Array(String)}`,
    { projectId, min: min.toString(), max: max.toString(), traceIds: executions.map((e) => e.traceId), maxChars },
  );
  return new Map(rows.map((r) => [r.trace_id, { input: r.input, output: r.output }]));
}

/** The columns a timeline needs, without the text, messages, attributes and events of each span. */
export type TimelineSpanRow = Pick<
  StoredSpanRow,
  | 'trace_id' | 'span_id' | 'parent_span_id' | 'name' | 'kind' | 'span_type' | 'service_name' | 'agent_name' | 'operation' | 'provider' | 'model'
  | 'start_time' | 'end_time' | 'duration_ns' | 'status_code' | 'status_message' | 'input_tokens' | 'output_tokens' | 'cached_tokens'
  | 'reasoning_tokens' | 'cost_usd' | 'cost_status' | 'tool_name'
>;

/**
 * One trace's spans for drawing its timeline: the same rows as getTraceSpans without the bulky
 * columns, so a 10,000-span trace reads and sends a small fraction of the bytes.
 */
export async function getTraceTimeline(client: ClickHouseClient, projectId: string, traceId: string, knownRange?: TraceRange): Promise<TimelineSpanRow[]> {
  const range = knownRange ?? (await getTraceRange(client, projectId, traceId));
  if (!range) return [];
  const rows = await queryRows<Record<string, unknown>>(
    client,
    `SELECT trace_id, span_id, parent_span_id, name, kind, span_type, service_name, agent_name, operation, provider, model,
                   toString(toUnixTimestamp64Nano(start_time)) AS start_ns, toString(toUnixTimestamp64Nano(end_time)) AS end_ns,
                   duration_ns, status_code, status_message, input_tokens, output_tokens, cached_tokens, reasoning_tokens,
                   cost_usd, cost_status, tool_name
            FROM spans
            WHERE ${IN_TRACE_RANGE}
            ORDER BY start_time, span_id`,
    { projectId, traceId, ...range },
  );
  return rows.map((row) => parseSpanRow<TimelineSpanRow>(row));
}

/** One span of a trace, with everything (for the span panel of a large trace). */
export async function getSpan(client: ClickHouseClient, projectId: string, traceId: string, spanId: string, range?: TraceRange): Promise<StoredSpan | undefined> {
  const spans = await getTraceSpans(client, projectId, traceId, { dropRepeatedText: true, spanId, range });
  return spans[0];
}
