// Executions: one row per trace, merged from the aggregate states in `executions`.
import type { ClickHouseClient } from '@clickhouse/client';
import { readCurrentOutcomes } from '../business/repository.ts';
import { queryRows } from '../clickhouse/query.ts';
import { OUTCOMES, type Outcome } from '../spans/row.ts';
import { isoFromNanos } from '../time.ts';

export interface Execution {
  traceId: string;
  /** The root span's name. */
  name: string;
  serviceName: string;
  agentName: string;
  sessionId: string;
  userId: string;
  outcome: Outcome;
  /** 'error' when any span has an error status. */
  status: 'ok' | 'error';
  startTime: string;
  /** Nanoseconds since the epoch, as a decimal string. */
  startTimeUnixNano: string;
  /** End of the last span, nanoseconds since the epoch, as a decimal string. */
  endTimeUnixNano: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  llmCalls: number;
  toolCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  unpricedSpans: number;
  models: string[];
}

interface ExecutionRow {
  trace_id: string;
  root_name: string;
  service_name: string;
  agent_name: string;
  session_id: string;
  user_id: string;
  outcome: string;
  start_ns: string;
  end_ns: string;
  duration_ms: number;
  span_count: string;
  error_count: string;
  llm_calls: string;
  tool_calls: string;
  input_tokens: string;
  output_tokens: string;
  cost_usd: number;
  unpriced_spans: string;
  models: string[];
}

function parseExecution(r: ExecutionRow): Execution {
  return {
    traceId: r.trace_id,
    name: r.root_name,
    serviceName: r.service_name,
    agentName: r.agent_name,
    sessionId: r.session_id,
    userId: r.user_id,
    outcome: (OUTCOMES as readonly string[]).includes(r.outcome) ? (r.outcome as Outcome) : 'unknown',
    status: Number(r.error_count) > 0 ? 'error' : 'ok',
    startTime: isoFromNanos(r.start_ns),
    startTimeUnixNano: r.start_ns,
    endTimeUnixNano: r.end_ns,
    durationMs: Number(r.duration_ms),
    spanCount: Number(r.span_count),
    errorCount: Number(r.error_count),
    llmCalls: Number(r.llm_calls),
    toolCalls: Number(r.tool_calls),
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    costUsd: Number(r.cost_usd),
    unpricedSpans: Number(r.unpriced_spans),
    models: [...r.models].sort(),
  };
}

const COLUMNS = `trace_id, max(root_name) AS root_name, max(service_name) AS service_name,
       max(agent_name) AS agent_name, max(session_id) AS session_id, max(user_id) AS user_id,
       max(outcome) AS outcome, toString(toUnixTimestamp64Nano(min(start_time))) AS start_ns,
       toString(toUnixTimestamp64Nano(max(end_time))) AS end_ns,
       dateDiff('microsecond', min(start_time), max(end_time)) / 1000 AS duration_ms,
       sum(span_count) AS span_count, sum(error_count) AS error_count,
       sum(llm_calls) AS llm_calls, sum(tool_calls) AS tool_calls,
       sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
       sum(cost_usd) AS cost_usd, sum(unpriced_spans) AS unpriced_spans,
       groupUniqArrayArray(models) AS models`;

export async function getExecution(client: ClickHouseClient, projectId: string, traceId: string): Promise<Execution | undefined> {
  const [execution] = await getExecutions(client, projectId, [traceId]);
  return execution;
}

/** Executions by trace id (a primary-key read), in no particular order; unknown ids are left out. */
export async function getExecutions(client: ClickHouseClient, projectId: string, traceIds: readonly string[]): Promise<Execution[]> {
  if (traceIds.length === 0) return [];
  const rows = await queryRows<ExecutionRow>(
    client,
    `SELECT ${COLUMNS} FROM executions
     WHERE project_id = {projectId: String} AND trace_id IN {traceIds: Array(String)}
     GROUP BY trace_id`,
    { projectId, traceIds },
  );
  return withDecidedOutcomes(client, projectId, rows.map(parseExecution));
}

/** Once judged, an execution's outcome is the decided one (a person, its root span, the policy's rules). */
async function withDecidedOutcomes(client: ClickHouseClient, projectId: string, executions: Execution[]): Promise<Execution[]> {
  const decided = await readCurrentOutcomes(client, projectId, executions.map((e) => e.traceId));
  return executions.map((e) => ({ ...e, outcome: decided.get(e.traceId) ?? e.outcome }));
}

/** The executions of one conversation (session id), oldest first. */
export async function getSessionExecutions(client: ClickHouseClient, projectId: string, sessionId: string, limit = 1000): Promise<Execution[]> {
  const rows = await queryRows<ExecutionRow>(
    client,
    `SELECT ${COLUMNS} FROM executions
     WHERE project_id = {projectId: String}
       AND trace_id IN (SELECT trace_id FROM executions WHERE project_id = {projectId: String} AND session_id = {sessionId: String})
     GROUP BY trace_id
     ORDER BY min(start_time), trace_id
     LIMIT {limit: UInt32}`,
    { projectId, sessionId, limit },
  );
  return withDecidedOutcomes(client, projectId, rows.map(parseExecution));
}
