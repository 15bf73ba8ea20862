// Reads for the windowed guardrails: which series had traffic, sampled durations of a series in a
// window, and an SLO's good/bad counts in time buckets.
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '../core/clickhouse/query.ts';
import type { SloPolicy } from '../core/policy/index.ts';
import type { SloBucket } from './slo/index.ts';
import type { TimeWindow } from './drift/index.ts';

/** A latency series: an agent's executions, or the LLM calls to one model. */
export interface Series {
  /** Stored as the judgement's span id, e.g. `agent:support-bot` or `model:gpt-4o`. */
  key: string;
  agent: string;
  /** '' for an agent's executions; `chat <model>` for a model's calls. */
  operation: string;
  kind: 'execution' | 'model';
  model: string;
}

/** Agents (with root spans) and models (with LLM calls) seen in a range, from the per-minute rollups. */
export async function readActiveSeries(client: ClickHouseClient, fromMs: number, toMs: number): Promise<{ projectId: string; series: Series[] }[]> {
  const rows = await queryRows<{ project_id: string; agent: string; model: string }>(
    client,
    `SELECT DISTINCT project_id, if(root_spans > 0, agent_name, '') AS agent, if(span_type = 'llm', model, '') AS model
     FROM rollup_minute
     WHERE minute >= toStartOfMinute(fromUnixTimestamp64Milli({from: Int64})) AND minute < fromUnixTimestamp64Milli({to: Int64})
       AND ((root_spans > 0 AND agent_name != '') OR (span_type = 'llm' AND model != ''))`,
    { from: fromMs, to: toMs },
  );
  const byProject = new Map<string, Map<string, Series>>();
  const add = (projectId: string, series: Series) => {
    const known = byProject.get(projectId) ?? new Map<string, Series>();
    known.set(series.key, series);
    byProject.set(projectId, known);
  };
  for (const r of rows) {
    if (r.agent !== '') add(r.project_id, { key: `agent:${r.agent}`, agent: r.agent, operation: '', kind: 'execution', model: '' });
    if (r.model !== '') add(r.project_id, { key: `model:${r.model}`, agent: '', operation: `chat ${r.model}`, kind: 'model', model: r.model });
  }
  return [...byProject].map(([projectId, series]) => ({ projectId, series: [...series.values()] }));
}

/**
 * Durations (ms) of a series' executions or calls that started in each window: a hash sample of at
 * most `limitEach` per window, the same executions from one minute to the next (no flicker from
 * resampling). All windows in one statement; each window is a primary-key range of its own.
 */
export async function readDurations(client: ClickHouseClient, projectId: string, series: Series, windows: readonly TimeWindow[], limitEach: number): Promise<number[]> {
  if (windows.length === 0) return [];
  const params: Record<string, unknown> = { projectId, limit: limitEach, agent: series.agent, model: series.model };
  const inWindow = windows.map((w, i) => {
    params[`from${i}`] = w.fromMs;
    params[`to${i}`] = w.toMs;
    return `(start_time >= fromUnixTimestamp64Milli({from${i}: Int64}) AND start_time < fromUnixTimestamp64Milli({to${i}: Int64}))`;
  });
  // Which window a row is in (windows do not overlap), for the per-window sample.
  const windowOf = `multiIf(${windows.map((_, i) => `start_time < fromUnixTimestamp64Milli({to${i}: Int64}), ${i}`).join(', ')}, -1)`;
  const source =
    series.kind === 'execution'
      ? `trace_roots WHERE project_id = {projectId: String} AND agent_name = {agent: String}`
      : `spans WHERE project_id = {projectId: String} AND span_type = 'llm' AND model = {model: String} AND status_code != 'error'`;
  const sampleKey = series.kind === 'execution' ? 'trace_id' : 'span_id';
  const rows = await queryRows<{ ms: number }>(
    client,
    `SELECT duration_ns / 1e6 AS ms, ${windowOf} AS window FROM ${source} AND (${inWindow.join(' OR ')})
     ORDER BY window, cityHash64(${sampleKey}) LIMIT {limit: UInt32} BY window`,
    params,
  );
  return rows.map((r) => Number(r.ms));
}

/** Executions closer to now than this are counted in 5-minute buckets, older ones by the hour. */
const FINE_MS = 7 * 3_600_000;

/**
 * Good and bad executions of an SLO's agent by when they ended (when their verdict is known):
 * 5-minute buckets for the last hours (the shortest alert windows), hours before.
 */
export async function readSloBuckets(client: ClickHouseClient, projectId: string, slo: SloPolicy, window: TimeWindow, nowMs: number): Promise<SloBucket[]> {
  const rows = await queryRows<{ start_ms: string; width_ms: string; total: string; bad: string }>(
    client,
    `SELECT toUnixTimestamp64Milli(bucket) AS start_ms, width_ms, count() AS total, countIf(is_bad) AS bad
     FROM (
       SELECT start_time + toIntervalMillisecond(intDiv(duration_ns, 1000000)) AS end_time,
              end_time >= fromUnixTimestamp64Milli({fineFrom: Int64}) AS fine,
              toDateTime64(if(fine, toStartOfFiveMinutes(end_time), toStartOfHour(end_time)), 3) AS bucket,
              if(fine, 300000, 3600000) AS width_ms,
              if({kind: String} = 'latency', duration_ns > {thresholdNs: UInt64}, status_code = 'error' OR outcome = 'failed') AS is_bad
       FROM trace_roots
       WHERE project_id = {projectId: String} AND ({agent: String} = '' OR agent_name = {agent: String})
         AND start_time >= fromUnixTimestamp64Milli({from: Int64}) - toIntervalDay(1) AND start_time < fromUnixTimestamp64Milli({to: Int64})
     )
     WHERE end_time >= fromUnixTimestamp64Milli({from: Int64}) AND end_time < fromUnixTimestamp64Milli({to: Int64})
     GROUP BY bucket, width_ms ORDER BY bucket`,
    {
      projectId,
      agent: slo.agent ?? '',
      kind: slo.kind,
      thresholdNs: Math.round((slo.thresholdMs ?? 0) * 1e6),
      from: window.fromMs,
      to: window.toMs,
      fineFrom: nowMs - FINE_MS,
    },
  );
  return rows.map((r) => ({ startMs: Number(r.start_ms), endMs: Number(r.start_ms) + Number(r.width_ms), total: Number(r.total), bad: Number(r.bad) }));
}
