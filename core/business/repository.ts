// The executive view's stored facts: execution states (written as sign -1 / +1 changes), people's
// outcome decisions and end-user feedback. See sql/0010_business.sql.
import type { ClickHouseClient } from '@clickhouse/client';
import type { Store } from '../clickhouse/client.ts';
import { queryRows } from '../clickhouse/query.ts';
import type { Outcome } from '../policy/business.ts';
import { dateTime64FromMillis } from '../time.ts';

/** One state of an execution in `execution_facts` (without its sign). */
export interface FactRow {
  project_id: string;
  trace_id: string;
  /** Nanoseconds since the epoch, decimal string. */
  start_time: string;
  agent_name: string;
  outcome: string;
  outcome_source: string;
  outcome_reason: string;
  cost_nanos: number;
  input_tokens: number;
  output_tokens: number;
  duration_ms: number;
  sla_ms: number;
  sla_met: number;
  /** Per model of the LLM calls, parallel arrays. */
  models: string[];
  model_calls: number[];
  model_cost_nanos: number[];
  model_input_tokens: number[];
  model_output_tokens: number[];
  model_unpriced: number[];
  /** Milliseconds: the trace version the state was computed from. */
  version: number;
}

const FACT_COLUMNS = `project_id, trace_id, toString(toUnixTimestamp64Nano(start_time)) AS start_ns, agent_name, outcome, outcome_source, outcome_reason,
  cost_nanos, input_tokens, output_tokens, duration_ms, sla_ms, sla_met, models, model_calls, model_cost_nanos, model_input_tokens,
  model_output_tokens, model_unpriced, toUnixTimestamp64Milli(version) AS version_ms`;

type NumberArrays = 'model_calls' | 'model_cost_nanos' | 'model_input_tokens' | 'model_output_tokens' | 'model_unpriced';

interface StoredFact extends Omit<FactRow, 'start_time' | 'version' | 'cost_nanos' | 'input_tokens' | 'output_tokens' | NumberArrays> {
  start_ns: string;
  version_ms: string;
  cost_nanos: string;
  input_tokens: string;
  output_tokens: string;
  model_calls: string[];
  model_cost_nanos: string[];
  model_input_tokens: string[];
  model_output_tokens: string[];
  model_unpriced: string[];
}

function parseFact(r: StoredFact): FactRow {
  return {
    project_id: r.project_id,
    trace_id: r.trace_id,
    start_time: r.start_ns,
    agent_name: r.agent_name,
    outcome: r.outcome,
    outcome_source: r.outcome_source,
    outcome_reason: r.outcome_reason,
    cost_nanos: Number(r.cost_nanos),
    input_tokens: Number(r.input_tokens),
    output_tokens: Number(r.output_tokens),
    duration_ms: Number(r.duration_ms),
    sla_ms: Number(r.sla_ms),
    sla_met: Number(r.sla_met),
    models: r.models,
    model_calls: r.model_calls.map(Number),
    model_cost_nanos: r.model_cost_nanos.map(Number),
    model_input_tokens: r.model_input_tokens.map(Number),
    model_output_tokens: r.model_output_tokens.map(Number),
    model_unpriced: r.model_unpriced.map(Number),
    version: Number(r.version_ms),
  };
}

/** The current state of each execution: its rows whose signs do not cancel out. */
export async function readCurrentFacts(client: ClickHouseClient, projectId: string, traceIds: readonly string[]): Promise<Map<string, FactRow>> {
  if (traceIds.length === 0) return new Map();
  const rows = await queryRows<StoredFact>(
    client,
    `SELECT ${FACT_COLUMNS} FROM execution_facts
     WHERE project_id = {project: String} AND trace_id IN {ids: Array(String)}
     GROUP BY project_id, trace_id, start_time, agent_name, outcome, outcome_source, outcome_reason, cost_nanos, input_tokens, output_tokens,
              duration_ms, sla_ms, sla_met, models, model_calls, model_cost_nanos, model_input_tokens, model_output_tokens, model_unpriced, version
     HAVING sum(sign) > 0`,
    { project: projectId, ids: traceIds },
  );
  return new Map(rows.map((r) => [r.trace_id, parseFact(r)]));
}

/** The decided outcome of each execution that has facts (people's decisions and rules included). */
export async function readCurrentOutcomes(client: ClickHouseClient, projectId: string, traceIds: readonly string[]): Promise<Map<string, Outcome>> {
  if (traceIds.length === 0) return new Map();
  const rows = await queryRows<{ trace_id: string; outcome: Outcome }>(
    client,
    `SELECT trace_id, outcome FROM execution_facts WHERE project_id = {project: String} AND trace_id IN {ids: Array(String)}
     GROUP BY trace_id, outcome HAVING sum(sign) > 0`,
    { project: projectId, ids: traceIds },
  );
  return new Map(rows.map((r) => [r.trace_id, r.outcome]));
}

const FACTS_IN_RANGE = `FROM execution_facts WHERE project_id = {projectId: String}
  AND start_time >= toDateTime64({from: Float64}, 3) AND start_time < toDateTime64({to: Float64}, 3)`;

/**
 * Condition on `trace_roots`: the execution's outcome is {outcome: String} — the decided one once the
 * evaluator has judged it, until then the one its root span states ({statedOutcome: String}, '' for none).
 */
export const OUTCOME_CONDITION = `(trace_id IN (SELECT trace_id ${FACTS_IN_RANGE} GROUP BY trace_id, outcome HAVING sum(sign) > 0 AND outcome = {outcome: String})
  OR (outcome = {statedOutcome: String} AND trace_id NOT IN (SELECT trace_id ${FACTS_IN_RANGE})))`;

/** Changes in one insert: the sums see the old state taken back and the new one added together. */
export async function insertFactChanges(store: Pick<Store, 'insertJsonLines'>, changes: readonly { row: FactRow; sign: 1 | -1 }[]): Promise<void> {
  await store.insertJsonLines(
    'execution_facts',
    changes.map(({ row, sign }) => JSON.stringify({ ...row, start_time: row.start_time.padStart(19, '0'), version: dateTime64FromMillis(row.version), sign })),
  );
}

export interface DecisionRecord {
  projectId: string;
  traceId: string;
  outcome: Outcome;
  note: string;
  /** What the agent should have answered, when the person gave it; '' otherwise. */
  correctedOutput: string;
  decidedBy: string;
  decidedAtMs: number;
}

export async function insertDecision(store: Pick<Store, 'insertJsonLines'>, d: DecisionRecord): Promise<void> {
  await store.insertJsonLines('outcome_decisions', [
    JSON.stringify({ project_id: d.projectId, trace_id: d.traceId, outcome: d.outcome, note: d.note, corrected_output: d.correctedOutput, decided_by: d.decidedBy, decided_at: dateTime64FromMillis(d.decidedAtMs) }),
  ]);
}

interface StoredDecision {
  project_id: string;
  trace_id: string;
  outcome: string;
  note: string;
  corrected_output: string;
  decided_by: string;
  decided_ms: string;
}

const DECISION_COLUMNS = 'project_id, trace_id, outcome, note, corrected_output, decided_by, toUnixTimestamp64Milli(decided_at) AS decided_ms';
const parseDecision = (r: StoredDecision): DecisionRecord => ({
  projectId: r.project_id,
  traceId: r.trace_id,
  outcome: r.outcome as Outcome,
  note: r.note,
  correctedOutput: r.corrected_output,
  decidedBy: r.decided_by,
  decidedAtMs: Number(r.decided_ms),
});

/** Every decision about these executions, oldest first. */
export async function readDecisions(client: ClickHouseClient, projectId: string, traceIds: readonly string[]): Promise<DecisionRecord[]> {
  if (traceIds.length === 0) return [];
  const rows = await queryRows<StoredDecision>(
    client,
    `SELECT ${DECISION_COLUMNS} FROM outcome_decisions WHERE project_id = {project: String} AND trace_id IN {ids: Array(String)} ORDER BY decided_at`,
    { project: projectId, ids: traceIds },
  );
  return rows.map(parseDecision);
}

/** Decisions recorded after `afterMs` (and up to `toMs`), in this shard of traces, oldest first. */
export async function readDecisionsAfter(client: ClickHouseClient, afterMs: number, toMs: number, shard: { index: number; count: number }, limit: number): Promise<DecisionRecord[]> {
  const rows = await queryRows<StoredDecision>(
    client,
    `SELECT ${DECISION_COLUMNS} FROM outcome_decisions
     WHERE decided_at > {after: DateTime64(3)} AND decided_at <= {to: DateTime64(3)} AND cityHash64(trace_id) % {count: UInt32} = {index: UInt32}
     ORDER BY decided_at LIMIT {limit: UInt32}`,
    { after: dateTime64FromMillis(afterMs), to: dateTime64FromMillis(toMs), count: shard.count, index: shard.index, limit },
  );
  return rows.map(parseDecision);
}

export interface FeedbackRecord {
  projectId: string;
  id: string;
  traceId: string;
  /** Nanoseconds since the epoch, decimal string. */
  executionStartNs: string;
  agent: string;
  source: 'api' | 'span';
  thumbs: -1 | 0 | 1;
  score: number;
  comment: string;
  userId: string;
  receivedAtMs: number;
}

export async function insertFeedback(store: Pick<Store, 'insertJsonLines'>, items: readonly FeedbackRecord[]): Promise<void> {
  await store.insertJsonLines(
    'feedback',
    items.map((f) =>
      JSON.stringify({
        project_id: f.projectId,
        id: f.id,
        trace_id: f.traceId,
        execution_start: f.executionStartNs.padStart(19, '0'),
        agent_name: f.agent,
        source: f.source,
        thumbs: f.thumbs,
        score: f.score,
        comment: f.comment,
        user_id: f.userId,
        received_at: dateTime64FromMillis(f.receivedAtMs),
      }),
    ),
  );
}

/** Which of these feedback ids are stored already (a report sent twice is counted once). */
export async function existingFeedback(client: ClickHouseClient, projectId: string, traceIds: readonly string[], ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    client,
    'SELECT DISTINCT id FROM feedback WHERE project_id = {project: String} AND trace_id IN {traces: Array(String)} AND id IN {ids: Array(String)}',
    { project: projectId, traces: traceIds, ids },
  );
  return new Set(rows.map((r) => r.id));
}
