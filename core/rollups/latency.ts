// Latency, throughput and error-rate series from the per-minute rollups (never raw spans).
// Grouped by agent, a point describes the agent spans (invocations) of that agent; grouped by
// model, the LLM calls on that model. Executions count root spans in the bucket.
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '../clickhouse/query.ts';

export type LatencyGroup = 'agent' | 'model';

export interface LatencyPoint {
  time: string;
  group: string;
  count: number;
  executions: number;
  errors: number;
  errorRate: number;
  throughputPerMin: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

const NICE_BUCKETS = [60, 300, 600, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400];

/** The smallest whole-minute bucket that keeps a range within `maxPoints` points. */
export function chooseBucketSeconds(rangeSeconds: number, maxPoints = 120): number {
  return NICE_BUCKETS.find((b) => rangeSeconds / b <= maxPoints) ?? NICE_BUCKETS.at(-1)!;
}

export async function getLatencySeries(
  client: ClickHouseClient,
  projectId: string,
  options: { fromSec: number; toSec: number; bucketSeconds: number; groupBy: LatencyGroup; agent?: string; model?: string },
): Promise<LatencyPoint[]> {
  const groupColumn = options.groupBy === 'agent' ? 'agent_name' : 'model';
  const spanType = options.groupBy === 'agent' ? 'agent' : 'llm';
  const filters = [
    options.agent !== undefined ? 'agent_name = {agent: String}' : '',
    options.model !== undefined ? 'model = {model: String}' : '',
  ].filter(Boolean);
  const rows = await queryRows<{ bucket: string; grp: string; spans: string; errors: string; executions: string; q: number[] }>(
    client,
    `SELECT toUnixTimestamp(toStartOfInterval(minute, toIntervalSecond({bucket: UInt32}))) AS bucket,
            ${groupColumn} AS grp,
            sumIf(spans, span_type = {spanType: String}) AS spans,
            sumIf(errors, span_type = {spanType: String}) AS errors,
            sum(root_spans) AS executions,
            quantilesTDigestMergeIf(0.5, 0.95, 0.99)(duration_ms, span_type = {spanType: String}) AS q
     FROM rollup_minute
     WHERE project_id = {projectId: String}
       AND minute >= toDateTime({fromSec: UInt32}) AND minute < toDateTime({toSec: UInt32})
       AND ${groupColumn} != ''
       ${filters.map((f) => `AND ${f}`).join(' ')}
     GROUP BY bucket, grp
     HAVING spans > 0 OR executions > 0
     ORDER BY bucket, grp`,
    { projectId, fromSec: Math.floor(options.fromSec), toSec: Math.ceil(options.toSec), bucket: options.bucketSeconds, spanType, agent: options.agent, model: options.model },
  );
  const minutes = options.bucketSeconds / 60;
  return rows.map((r) => {
    const count = Number(r.spans);
    const errors = Number(r.errors);
    const quantile = (i: number) => (count > 0 && Number.isFinite(r.q[i]) ? Number(r.q[i]) : 0);
    return {
      time: new Date(Number(r.bucket) * 1000).toISOString(),
      group: r.grp,
      count,
      executions: Number(r.executions),
      errors,
      errorRate: count > 0 ? errors / count : 0,
      throughputPerMin: Number(r.executions) / minutes,
      p50Ms: quantile(0),
      p95Ms: quantile(1),
      p99Ms: quantile(2),
    };
  });
}

export interface Facet {
  value: string;
  count: number;
}

/** Agents, models and services seen in a range (from the rollups), for filter choices. */
export async function getRollupFacets(client: ClickHouseClient, projectId: string, fromSec: number, toSec: number): Promise<{ agents: Facet[]; models: Facet[]; services: Facet[] }> {
  const facet = (column: string, measure: string) =>
    queryRows<{ value: string; n: string }>(
      client,
      `SELECT ${column} AS value, ${measure} AS n FROM rollup_minute
       WHERE project_id = {projectId: String} AND minute >= toDateTime({fromSec: UInt32}) AND minute < toDateTime({toSec: UInt32}) AND ${column} != ''
       GROUP BY value ORDER BY n DESC, value LIMIT 200`,
      { projectId, fromSec: Math.floor(fromSec), toSec: Math.ceil(toSec) },
    ).then((rows) => rows.map((r) => ({ value: r.value, count: Number(r.n) })));
  const [agents, models, services] = await Promise.all([facet('agent_name', 'sum(root_spans) + sum(spans)'), facet('model', 'sum(spans)'), facet('service_name', 'sum(root_spans)')]);
  return { agents, models, services };
}
