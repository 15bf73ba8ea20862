// Listing judgements by time for the evaluations page and `GET /api/evaluations`, and the counts
// behind its charts: judged and flagged per check and agent, and per time bucket.
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '../clickhouse/query.ts';
import { EVALUATION_COLUMNS, parseEvaluation } from './repository.ts';
import type { Evaluation, EvaluationSource } from './row.ts';

export interface EvaluationFilter {
  /** Milliseconds since the epoch; `to` exclusive. Compared with the judgement's `time`. */
  fromMs: number;
  toMs: number;
  check?: string;
  agent?: string;
  source?: EvaluationSource;
  label?: string;
  /** true: only judgements that flagged; false: only those that passed. */
  flagged?: boolean;
  traceId?: string;
}

/** Position after the last row of a page (newest first). */
export interface EvaluationCursor {
  timeNs: string;
  traceId: string;
  check: string;
  spanId: string;
  source: string;
}

export interface EvaluationPage {
  evaluations: Evaluation[];
  next?: EvaluationCursor;
}

function conditions(projectId: string, f: EvaluationFilter): { where: string[]; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { projectId, from: f.fromMs / 1000, to: f.toMs / 1000 };
  const where = ['project_id = {projectId: String}', 'time >= toDateTime64({from: Float64}, 3)', 'time < toDateTime64({to: Float64}, 3)'];
  if (f.check !== undefined) (where.push('check = {check: String}'), (params.check = f.check));
  if (f.agent !== undefined) (where.push('agent_name = {agent: String}'), (params.agent = f.agent));
  if (f.source !== undefined) (where.push('source = {source: String}'), (params.source = f.source));
  if (f.label !== undefined) (where.push('label = {label: String}'), (params.label = f.label));
  if (f.traceId !== undefined) (where.push('trace_id = {traceId: String}'), (params.traceId = f.traceId));
  if (f.flagged !== undefined) where.push(f.flagged ? 'NOT passed' : 'passed');
  return { where, params };
}

export async function listEvaluations(client: ClickHouseClient, projectId: string, filter: EvaluationFilter, limit: number, cursor?: EvaluationCursor): Promise<EvaluationPage> {
  const { where, params } = conditions(projectId, filter);
  if (cursor) {
    where.push(`(toUnixTimestamp64Nano(time), trace_id, check, span_id, source) < ({cTime: Int64}, {cTrace: String}, {cCheck: String}, {cSpan: String}, {cSource: String})`);
    Object.assign(params, { cTime: cursor.timeNs, cTrace: cursor.traceId, cCheck: cursor.check, cSpan: cursor.spanId, cSource: cursor.source });
  }
  params.limit = limit + 1;
  const rows = await queryRows<Parameters<typeof parseEvaluation>[0]>(
    client,
    `SELECT ${EVALUATION_COLUMNS} FROM evaluations FINAL
     WHERE ${where.join(' AND ')}
     ORDER BY time DESC, trace_id DESC, check DESC, span_id DESC, source DESC
     LIMIT {limit: UInt32}`,
    params,
  );
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  return {
    evaluations: page.map(parseEvaluation),
    next: more && last ? { timeNs: last.time_ns, traceId: last.trace_id, check: last.check, spanId: last.span_id, source: last.source } : undefined,
  };
}

export interface CheckCount {
  check: string;
  agent: string;
  source: string;
  evaluated: number;
  flagged: number;
  /** Judgements that could not decide: `not_checkable`, `unknown`. */
  undecided: number;
}

export interface CheckBucket {
  check: string;
  /** ISO 8601 start of the bucket. */
  start: string;
  evaluated: number;
  flagged: number;
}

export interface EvaluationSummary {
  counts: CheckCount[];
  bucketSeconds: number;
  series: CheckBucket[];
}

export async function summarizeEvaluations(client: ClickHouseClient, projectId: string, filter: EvaluationFilter, bucketSeconds: number): Promise<EvaluationSummary> {
  const { where, params } = conditions(projectId, { ...filter, flagged: undefined });
  // chDB runs one statement at a time per connection: counts, then the series.
  const counts = await queryRows<{ check: string; agent: string; source: string; evaluated: string; flagged: string; undecided: string }>(
    client,
    `SELECT check, agent_name AS agent, source, count() AS evaluated, countIf(NOT passed) AS flagged,
            countIf(label IN ('not_checkable', 'unknown')) AS undecided
     FROM evaluations FINAL WHERE ${where.join(' AND ')}
     GROUP BY check, agent, source ORDER BY flagged DESC, check, agent, source`,
    params,
  );
  // The series counts the guardrails' judgements only, one per execution and check (a judge's
  // second opinion on the same answer would count it twice).
  const series = await queryRows<{ check: string; start: string; evaluated: string; flagged: string }>(
    client,
    `SELECT check, toString(toStartOfInterval(time, toIntervalSecond({bucket: UInt32}))) AS start,
            count() AS evaluated, countIf(NOT passed) AS flagged
     FROM evaluations FINAL WHERE ${where.join(' AND ')} AND source = 'guardrail'
     GROUP BY check, start ORDER BY start, check`,
    { ...params, bucket: bucketSeconds },
  );
  return {
    counts: counts.map((r) => ({ check: r.check, agent: r.agent, source: r.source, evaluated: Number(r.evaluated), flagged: Number(r.flagged), undecided: Number(r.undecided) })),
    bucketSeconds,
    series: series.map((r) => ({ check: r.check, start: `${r.start.replace(' ', 'T')}Z`, evaluated: Number(r.evaluated), flagged: Number(r.flagged) })),
  };
}
