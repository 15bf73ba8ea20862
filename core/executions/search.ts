// Searching executions for the trace list. Executions are listed by their root span, from
// `trace_roots` (ordered by project and start time), so a time-bounded, time-sorted search reads
// only the range in order, and the page's aggregates (cost, tokens, span counts, models) then come
// from `executions` by primary key for those traces only. An execution appears once its root span
// has arrived. Filters on aggregates (cost) and sorting by cost read `executions` for the range;
// model, status, text and attribute filters read the matching spans of the range. The page and
// the total come from one statement (chDB runs one statement at a time per connection); later
// pages carry the first page's total in their cursor.
import type { ClickHouseClient } from '@clickhouse/client';
import { OUTCOME_CONDITION } from '../business/repository.ts';
import { queryRows } from '../clickhouse/query.ts';
import { getExecutions, type Execution } from './repository.ts';

export type SortKey = 'time' | 'duration' | 'cost';

export interface ExecutionFilter {
  /** Milliseconds since the epoch; `to` exclusive. */
  fromMs: number;
  toMs: number;
  agent?: string;
  model?: string;
  status?: 'ok' | 'error';
  outcome?: string;
  /** Executions with end-user feedback of this kind. */
  feedback?: 'positive' | 'negative' | 'any';
  minDurationMs?: number;
  maxDurationMs?: number;
  minCostUsd?: number;
  sessionId?: string;
  userId?: string;
  /** Case-insensitive substring of any span's input or output text or messages. */
  text?: string;
  /** Every pair must match an attribute of some span of the execution. */
  attributes?: { key: string; value: string }[];
}

export interface SearchOptions {
  sort: SortKey;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: Cursor;
}

/** Position after the last row of a page: its sort value, trace id (the tie-breaker), and the total. */
export interface Cursor {
  value: string;
  traceId: string;
  total: number;
}

export interface SearchPage {
  executions: Execution[];
  total: number;
  next?: Cursor;
}

// Spans of one execution start within this long after its root (bounds the text/attribute reads).
const TRACE_SPREAD_MS = 6 * 3600_000;

const SORT_EXPR: Record<SortKey, { expr: string; type: string }> = {
  time: { expr: 'toUnixTimestamp64Nano(start_time)', type: 'Int64' },
  duration: { expr: 'duration_ns', type: 'UInt64' },
  cost: { expr: 'cost', type: 'Float64' },
};

/** The WHERE clauses on `trace_roots` for a filter, with their bound parameters. */
function rootConditions(projectId: string, f: ExecutionFilter): { where: string[]; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { projectId, from: f.fromMs / 1000, to: f.toMs / 1000, spreadTo: (f.toMs + TRACE_SPREAD_MS) / 1000 };
  const where = [
    'project_id = {projectId: String}',
    'start_time >= toDateTime64({from: Float64}, 3)',
    'start_time < toDateTime64({to: Float64}, 3)',
  ];
  const inRange = `project_id = {projectId: String} AND start_time >= toDateTime64({from: Float64}, 3) AND start_time < toDateTime64({spreadTo: Float64}, 3)`;
  if (f.agent !== undefined) (where.push('agent_name = {agent: String}'), (params.agent = f.agent));
  // The decided outcome (a person's, the root span's, the policy's rules), as the executive view counts it.
  if (f.outcome !== undefined) {
    where.push(OUTCOME_CONDITION);
    Object.assign(params, { outcome: f.outcome, statedOutcome: f.outcome === 'unknown' ? '' : f.outcome });
  }
  if (f.feedback !== undefined) {
    const kind = { positive: 'AND (thumbs = 1 OR score >= 4)', negative: 'AND (thumbs = -1 OR score BETWEEN 1 AND 2)', any: '' }[f.feedback];
    where.push(`trace_id IN (SELECT trace_id FROM feedback WHERE project_id = {projectId: String}
      AND execution_start >= toDateTime64({from: Float64}, 3) AND execution_start < toDateTime64({to: Float64}, 3) ${kind})`);
  }
  if (f.sessionId !== undefined) (where.push('session_id = {sessionId: String}'), (params.sessionId = f.sessionId));
  if (f.userId !== undefined) (where.push('user_id = {userId: String}'), (params.userId = f.userId));
  if (f.minDurationMs !== undefined) (where.push('duration_ns >= {minNs: UInt64}'), (params.minNs = Math.round(f.minDurationMs * 1e6)));
  if (f.maxDurationMs !== undefined) (where.push('duration_ns <= {maxNs: UInt64}'), (params.maxNs = Math.round(f.maxDurationMs * 1e6)));
  if (f.model !== undefined) {
    params.model = f.model;
    where.push(`trace_id IN (SELECT trace_id FROM spans WHERE ${inRange} AND model = {model: String})`);
  }
  if (f.status === 'error') where.push(`trace_id IN (SELECT trace_id FROM spans WHERE ${inRange} AND status_code = 'error')`);
  if (f.status === 'ok') where.push(`trace_id NOT IN (SELECT trace_id FROM spans WHERE ${inRange} AND status_code = 'error')`);
  if (f.text !== undefined) {
    params.text = f.text;
    const has = (column: string) => `positionCaseInsensitiveUTF8(${column}, {text: String}) > 0`;
    where.push(`trace_id IN (SELECT trace_id FROM spans WHERE ${inRange} AND (${['input_text', 'output_text', 'name'].map(has).join(' OR ')}))`);
  }
  f.attributes?.forEach(({ key, value }, i) => {
    params[`attrKey${i}`] = key;
    params[`attrValue${i}`] = value;
    where.push(`trace_id IN (SELECT trace_id FROM spans WHERE ${inRange} AND (attributes[{attrKey${i}: String}] = {attrValue${i}: String} OR resource_attributes[{attrKey${i}: String}] = {attrValue${i}: String}))`);
  });
  if (f.minCostUsd !== undefined) {
    params.minCost = f.minCostUsd;
    where.push(`trace_id IN (SELECT trace_id FROM executions WHERE project_id = {projectId: String} AND start_time >= toDateTime64({from: Float64}, 3)
                               GROUP BY trace_id HAVING sum(cost_usd) >= {minCost: Float64})`);
  }
  return { where, params };
}

export async function searchExecutions(client: ClickHouseClient, projectId: string, filter: ExecutionFilter, options: SearchOptions): Promise<SearchPage> {
  const { where, params } = rootConditions(projectId, filter);
  const sort = SORT_EXPR[options.sort];
  const direction = options.order === 'asc' ? 'ASC' : 'DESC';
  const costJoin =
    options.sort === 'cost'
      ? `INNER JOIN (SELECT trace_id, sum(cost_usd) AS cost FROM executions
                      WHERE project_id = {projectId: String} AND start_time >= toDateTime64({from: Float64}, 3)
                      GROUP BY trace_id) AS c USING trace_id`
      : '';
  if (options.cursor) {
    where.push(`(${sort.expr}, trace_id) ${options.order === 'asc' ? '>' : '<'} ({cursorValue: ${sort.type}}, {cursorTrace: String})`);
    params.cursorValue = options.cursor.value;
    params.cursorTrace = options.cursor.traceId;
  }
  params.limit = options.limit + 1;
  const page = await queryRows<{ trace_id: string; sort_value: string; total: string }>(
    client,
    `SELECT trace_id, toString(${sort.expr}) AS sort_value, ${options.cursor ? '0' : 'count() OVER ()'} AS total
     FROM trace_roots ${costJoin}
     WHERE ${where.join(' AND ')}
     ORDER BY ${sort.expr} ${direction}, trace_id ${direction}
     LIMIT {limit: UInt32}`,
    params,
  );
  const total = options.cursor ? options.cursor.total : Number(page[0]?.total ?? 0);
  const more = page.length > options.limit;
  const rows = more ? page.slice(0, options.limit) : page;
  const byId = new Map((await getExecutions(client, projectId, rows.map((r) => r.trace_id))).map((e) => [e.traceId, e]));
  const last = rows.at(-1);
  return {
    executions: rows.flatMap((r) => byId.get(r.trace_id) ?? []),
    total,
    next: more && last ? { value: last.sort_value, traceId: last.trace_id, total } : undefined,
  };
}
