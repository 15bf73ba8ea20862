// The executive view's facts for a bulk-loaded corpus. The bulk load writes spans straight into the
// store, so the evaluator never judged these executions and `execution_facts` is empty: this fills it
// once, in one INSERT … SELECT, with what the evaluator would write for each execution on the
// default policy with no outcome rules firing (evaluator/outcomes/facts.ts factRow: outcome from the
// root's vigil.outcome, else unknown; costs in nano-dollars; per-model arrays of the LLM calls sorted
// by model; the 2-minute default SLA). Feedback is added for 5% of executions, chosen by a hash of
// the trace id, so that feedback_daily has rows too.
import type { ClickHouseClient } from '@clickhouse/client';
import { readCurrentFacts } from '../../core/business/repository.ts';
import type { Store } from '../../core/clickhouse/client.ts';
import { queryRows } from '../../core/clickhouse/query.ts';
import { DEFAULT_SLA_SECONDS } from '../../core/policy/business.ts';
import { dateTime64FromMillis } from '../../core/time.ts';
import { extractFacts } from '../../evaluator/extract.ts';
import { factRow, sameFacts } from '../../evaluator/outcomes/facts.ts';
import { decideOutcome } from '../../evaluator/outcomes/infer.ts';
import { readTraces } from '../../evaluator/store.ts';

export interface FactsBackfill {
  facts: number;
  feedback: number;
  /** Time of the facts insert and of the feedback insert (0: filled before it was timed). */
  factsSeconds: number;
  feedbackSeconds: number;
}

// Math.round(usd * 1e9) as the evaluator's toNanos does (round() in ClickHouse rounds half to even).
const NANOS = 'toInt64(floor(cost_usd * 1e9 + 0.5))';

const FACTS_FROM_SPANS = `
INSERT INTO execution_facts (project_id, trace_id, start_time, agent_name, outcome, outcome_source, outcome_reason, cost_nanos,
  input_tokens, output_tokens, duration_ms, sla_ms, sla_met, models, model_calls, model_cost_nanos, model_input_tokens,
  model_output_tokens, model_unpriced, version, sign)
SELECT root.project_id, root.trace_id, root.start_time,
       if(root.agent_name != '', root.agent_name, execution.service_name),
       if(execution.outcome = '', 'unknown', execution.outcome),
       if(execution.outcome = '', 'none', 'attribute'),
       if(execution.outcome = '', 'no decision, attribute or rule', 'vigil.outcome on the root span'),
       used.cost_sum, used.input_sum, used.output_sum,
       root.duration_ns / 1e6 AS duration, {slaMs: Float64}, duration <= {slaMs: Float64},
       used.by_model.1, used.by_model.2, used.by_model.3, used.by_model.4, used.by_model.5, used.by_model.6,
       {version: DateTime64(3)}, 1
FROM (
  -- Aliases differ from the column names: an alias would replace the column inside sumMapIf.
  SELECT project_id, trace_id, sum(${NANOS}) AS cost_sum, toInt64(sum(input_tokens)) AS input_sum, toInt64(sum(output_tokens)) AS output_sum,
         -- Keys come out sorted, as factRow sorts the models.
         sumMapIf([toString(model)], [toInt64(1)], [${NANOS}], [toInt64(input_tokens)], [toInt64(output_tokens)],
                  [toInt64(cost_status IN ('unpriced', 'usage_unknown'))], span_type = 'llm') AS by_model
  FROM spans WHERE project_id = {project: String}
  GROUP BY project_id, trace_id
) AS used
INNER JOIN (
  SELECT project_id, trace_id, max(service_name) AS service_name, max(outcome) AS outcome
  FROM executions WHERE project_id = {project: String}
  GROUP BY project_id, trace_id
) AS execution ON execution.project_id = used.project_id AND execution.trace_id = used.trace_id
INNER JOIN (SELECT * FROM trace_roots WHERE project_id = {project: String}) AS root
  ON root.project_id = used.project_id AND root.trace_id = used.trace_id`;

// Thumbs up on 80% of resolved executions and 30% of the others, thumbs down otherwise; a 1–5
// score on every third, in line with the thumbs.
const FEEDBACK_FROM_FACTS = `
INSERT INTO feedback (project_id, id, trace_id, execution_start, agent_name, source, thumbs, score, comment, user_id, received_at)
SELECT project_id, lower(hex(cityHash64('bench-feedback', trace_id))), trace_id, start_time, agent_name, 'api',
       if(h % 10 < if(outcome = 'resolved', 8, 3), 1, -1) AS thumbs,
       if(h % 3 = 0, if(thumbs = 1, 4 + intDiv(h, 10) % 2, 1 + intDiv(h, 10) % 2), 0),
       '', '', {receivedAt: DateTime64(3)}
FROM (SELECT *, cityHash64(trace_id, 'thumbs') AS h FROM execution_facts WHERE project_id = {project: String} AND sign = 1 AND cityHash64(trace_id) % 20 = 0)`;

async function count(client: ClickHouseClient, table: 'execution_facts' | 'feedback', projectId: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(client, `SELECT count() AS n FROM ${table} WHERE project_id = {project: String}`, { project: projectId });
  return Number(row?.n ?? 0);
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

/**
 * Fills the facts and the feedback once; a table that has rows for the project is left as it is, and
 * its time is taken from `recorded` (an earlier run's figures, kept with the corpus).
 */
export async function backfillFacts(store: Store, projectId: string, versionMs: number, recorded?: FactsBackfill): Promise<{ backfill: FactsBackfill; filledNow: boolean }> {
  const { client } = store;
  const params = { project: projectId, slaMs: DEFAULT_SLA_SECONDS * 1000, version: dateTime64FromMillis(versionMs), receivedAt: dateTime64FromMillis(versionMs) };
  const factsBefore = await count(client, 'execution_facts', projectId);
  const factsSeconds = factsBefore > 0 ? 0 : await timed(() => client.command({ query: FACTS_FROM_SPANS, query_params: params }));
  const feedbackBefore = await count(client, 'feedback', projectId);
  const feedbackSeconds = feedbackBefore > 0 ? 0 : await timed(() => client.command({ query: FEEDBACK_FROM_FACTS, query_params: params }));
  return {
    filledNow: factsSeconds > 0 || feedbackSeconds > 0,
    backfill: {
      facts: factsSeconds > 0 ? await count(client, 'execution_facts', projectId) : factsBefore,
      feedback: feedbackSeconds > 0 ? await count(client, 'feedback', projectId) : feedbackBefore,
      factsSeconds: factsSeconds || (recorded?.factsSeconds ?? 0),
      feedbackSeconds: feedbackSeconds || (recorded?.feedbackSeconds ?? 0),
    },
  };
}

/** The stated outcome or unknown: the evaluator's precedence with every inference rule off. */
const NO_RULES = { handoffTools: [], escalationSpans: [], noAnswerIsAbandoned: false, errorIsFailed: false, answeredIsResolved: false };

/**
 * Compares the stored facts of a sample of executions (started in the hour before `endMs`: reading
 * their spans stays cheap) with what the evaluator's own functions make of their spans, versions
 * aside; throws on the first difference.
 */
export async function checkFactsSample(client: ClickHouseClient, projectId: string, sample: number, endMs: number): Promise<void> {
  const ids = (
    await queryRows<{ trace_id: string }>(
      client,
      `SELECT trace_id FROM execution_facts
       WHERE project_id = {project: String} AND start_time >= fromUnixTimestamp64Milli({from: Int64}) AND start_time < fromUnixTimestamp64Milli({to: Int64})
       ORDER BY cityHash64(trace_id) LIMIT {sample: UInt32}`,
      { project: projectId, from: endMs - 3_600_000, to: endMs, sample },
    )
  ).map((r) => r.trace_id);
  if (ids.length < sample) throw new Error(`only ${ids.length} executions' facts in the hour before ${new Date(endMs).toISOString()}`);
  const [stored, traces] = await Promise.all([readCurrentFacts(client, projectId, ids), readTraces(client, projectId, ids)]);
  for (const id of ids) {
    const spans = traces.get(id) ?? [];
    const facts = extractFacts(spans);
    const row = stored.get(id);
    if (!facts || !row) throw new Error(`trace ${id}: ${facts ? 'no stored facts' : 'no spans'}`);
    const expected = factRow(projectId, facts, spans, decideOutcome(facts, spans, NO_RULES), DEFAULT_SLA_SECONDS * 1000, row.version);
    if (!sameFacts(row, expected)) throw new Error(`trace ${id}: stored facts ${JSON.stringify(row)} differ from the evaluator's ${JSON.stringify(expected)}`);
  }
}
