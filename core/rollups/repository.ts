// Per-minute aggregates (table rollup_minute), merged across inserts. Dashboards and drift checks
// read these instead of raw spans.
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '../clickhouse/query.ts';

export interface MinuteRollup {
  /** Start of the minute, seconds since the epoch. */
  minute: number;
  agentName: string;
  model: string;
  spanType: string;
  spans: number;
  errors: number;
  executions: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
  unpricedSpans: number;
  /** Span duration percentiles in milliseconds. */
  durationMs: { p50: number; p90: number; p95: number; p99: number };
  /** Executions by explicit outcome (root spans carrying vigil.outcome). */
  outcomes: Record<string, number>;
}

interface Row {
  minute: string;
  agent_name: string;
  model: string;
  span_type: string;
  spans: string;
  errors: string;
  root_spans: string;
  input_tokens: string;
  output_tokens: string;
  cached_tokens: string;
  cost_usd: number;
  unpriced_spans: string;
  duration_ms: number[];
  outcomes: Record<string, string>;
}

/** Rollups of one project between two instants (seconds since the epoch, end exclusive). */
export async function getMinuteRollups(client: ClickHouseClient, projectId: string, fromSec: number, toSec: number): Promise<MinuteRollup[]> {
  const rows = await queryRows<Row>(
    client,
    `SELECT toUnixTimestamp(minute) AS minute, agent_name, model, span_type,
            sum(spans) AS spans, sum(errors) AS errors, sum(root_spans) AS root_spans,
            sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
            sum(cached_tokens) AS cached_tokens, sum(cost_usd) AS cost_usd,
            sum(unpriced_spans) AS unpriced_spans,
            quantilesTDigestMerge(0.5, 0.9, 0.95, 0.99)(duration_ms) AS duration_ms,
            sumMap(outcomes) AS outcomes
     FROM rollup_minute
     WHERE project_id = {projectId: String}
       AND minute >= toDateTime({fromSec: UInt32}) AND minute < toDateTime({toSec: UInt32})
     GROUP BY minute, agent_name, model, span_type
     ORDER BY minute, agent_name, model, span_type`,
    { projectId, fromSec, toSec },
  );
  return rows.map((r) => ({
    minute: Number(r.minute),
    agentName: r.agent_name,
    model: r.model,
    spanType: r.span_type,
    spans: Number(r.spans),
    errors: Number(r.errors),
    executions: Number(r.root_spans),
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    cachedTokens: Number(r.cached_tokens),
    costUsd: Number(r.cost_usd),
    unpricedSpans: Number(r.unpriced_spans),
    durationMs: { p50: r.duration_ms[0]!, p90: r.duration_ms[1]!, p95: r.duration_ms[2]!, p99: r.duration_ms[3]! },
    outcomes: Object.fromEntries(Object.entries(r.outcomes).map(([k, v]) => [k, Number(v)])),
  }));
}
