// Judgements in and out of `evaluations`: the evaluator writes them, the API lists them by time
// and embeds them in traces. Reads use FINAL: a re-evaluation replaces the row it supersedes.
import type { ClickHouseClient } from '@clickhouse/client';
import type { Store } from '../clickhouse/client.ts';
import { queryRows } from '../clickhouse/query.ts';
import { dateTime64FromMillis, isoFromNanos } from '../time.ts';
import type { Evaluation, EvaluationRow, EvaluationSource } from './row.ts';

export async function insertEvaluations(store: Pick<Store, 'insertJsonLines'>, rows: readonly EvaluationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await store.insertJsonLines('evaluations', rows.map((row) => JSON.stringify({ ...row, trace_version: dateTime64FromMillis(row.trace_version) })));
}

interface StoredEvaluation {
  trace_id: string;
  span_id: string;
  check: string;
  source: string;
  agent_name: string;
  time_ns: string;
  score: number;
  label: string;
  passed: boolean;
  explanation: string;
  details: string;
  policy_hash: string;
  evaluated_at: string;
}

export const EVALUATION_COLUMNS = `trace_id, span_id, check, source, agent_name, toString(toUnixTimestamp64Nano(time)) AS time_ns, score, label,
  passed, explanation, details, policy_hash, toString(evaluated_at) AS evaluated_at`;

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function parseEvaluation(r: StoredEvaluation): Evaluation {
  return {
    traceId: r.trace_id,
    spanId: r.span_id,
    check: r.check,
    source: r.source as EvaluationSource,
    agent: r.agent_name,
    time: isoFromNanos(r.time_ns),
    score: Number(r.score),
    label: r.label,
    passed: Boolean(r.passed),
    explanation: r.explanation,
    details: parseDetails(r.details),
    policyHash: r.policy_hash,
    evaluatedAt: `${r.evaluated_at.replace(' ', 'T')}Z`,
  };
}

/** Every judgement about one trace (or one of its spans), execution-level ones first. */
export async function getTraceEvaluations(client: ClickHouseClient, projectId: string, traceId: string, spanId?: string): Promise<Evaluation[]> {
  const rows = await queryRows<StoredEvaluation>(
    client,
    `SELECT ${EVALUATION_COLUMNS} FROM evaluations FINAL
     WHERE project_id = {projectId: String} AND trace_id = {traceId: String} AND ({spanId: String} = '' OR span_id = {spanId: String})
     ORDER BY span_id, check, source`,
    { projectId, traceId, spanId: spanId ?? '' },
  );
  return rows.map(parseEvaluation);
}

/** What the guardrails last stored about a trace: the trace version judged, and the judgement time. */
export interface JudgedTrace {
  /** Newest ingest time (ms) of the trace's spans when it was judged. */
  version: number;
  /** Nanoseconds since the epoch: the time its judgements are stored under. */
  timeNs: string;
}

/**
 * Traces already judged by the guardrails. A trace whose spans have not changed since is not judged
 * again; one that has is judged again under the same time, so its new judgements replace the old
 * (a root span arriving late would otherwise move the execution's start and duplicate them).
 */
export async function getJudgedTraces(client: ClickHouseClient, projectId: string, traceIds: readonly string[]): Promise<Map<string, JudgedTrace>> {
  if (traceIds.length === 0) return new Map();
  const rows = await queryRows<{ trace_id: string; version: string; time_ns: string }>(
    client,
    `SELECT trace_id, toString(toUnixTimestamp64Milli(max(trace_version))) AS version,
            toString(toUnixTimestamp64Nano(min(time))) AS time_ns
     FROM evaluations
     WHERE project_id = {projectId: String} AND trace_id IN {traceIds: Array(String)} AND source = 'guardrail'
     GROUP BY trace_id`,
    { projectId, traceIds },
  );
  return new Map(rows.map((r) => [r.trace_id, { version: Number(r.version), timeNs: r.time_ns }]));
}
