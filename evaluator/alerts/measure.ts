// What an alert rule looks at, measured for one project over the rule's window: one value per label
// set (per agent, or one across agents), the number of executions or judgements behind it, and the
// executions that explain it. Judgement-based metrics read the same rows the evaluations page shows.
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '../../core/clickhouse/query.ts';
import type { AlertMetric, AlertRulePolicy } from '../../core/policy/alerts.ts';
import type { SloPolicy } from '../../core/policy/index.ts';
import { dateTime64FromMillis } from '../../core/time.ts';

export interface Measurement {
  labels: Record<string, string>;
  value: number;
  samples: number;
  /** Executions behind the value, worst first (at most MAX_TRACES). */
  traceIds: string[];
}

export const MAX_TRACES = 10;

/** Per-trace verdict checks: the judge's verdict wins over the guardrail's where both judged. */
const VERDICT_CHECKS: Partial<Record<AlertMetric, { check: string; as: 'rate' | 'count' }>> = {
  hallucination_rate: { check: 'hallucination', as: 'rate' },
  pii_found: { check: 'pii', as: 'count' },
  loops: { check: 'loop', as: 'count' },
};

interface Window {
  projectId: string;
  fromMs: number;
  toMs: number;
  agent?: string;
  byAgent: boolean;
}

function windowOf(projectId: string, rule: AlertRulePolicy, nowMs: number): Window {
  return { projectId, fromMs: nowMs - rule.windowMinutes * 60_000, toMs: nowMs, agent: rule.agent, byAgent: rule.groupBy.includes('agent') };
}

function baseParams(w: Window): Record<string, unknown> {
  return { project: w.projectId, from: dateTime64FromMillis(w.fromMs), to: dateTime64FromMillis(w.toMs), agent: w.agent ?? '' };
}

const agentLabels = (w: Window, agent: string): Record<string, string> => (w.byAgent ? { agent } : w.agent ? { agent: w.agent } : {});

async function verdicts(client: ClickHouseClient, w: Window, check: string, as: 'rate' | 'count'): Promise<Measurement[]> {
  const rows = await queryRows<{ agent: string; samples: string; bad: string; traces: string[] }>(
    client,
    `SELECT ${w.byAgent ? 'agent' : "''"} AS agent, count() AS samples, countIf(flagged) AS bad,
            arraySlice(groupArrayIf(trace_id, flagged), 1, ${MAX_TRACES}) AS traces
     FROM (
       SELECT agent_name AS agent, trace_id,
              if(countIf(source = 'judge' AND label != 'unknown') > 0,
                 NOT argMaxIf(passed, evaluated_at, source = 'judge' AND label != 'unknown'),
                 NOT argMaxIf(passed, evaluated_at, source = 'guardrail')) AS flagged
       FROM evaluations FINAL
       WHERE project_id = {project: String} AND check = {check: String} AND trace_id != '' AND label != 'not_checkable'
         AND time >= {from: DateTime64(3)} AND time < {to: DateTime64(3)}
         AND ({agent: String} = '' OR agent_name = {agent: String})
         AND source IN ('guardrail', 'judge')
       GROUP BY agent, trace_id
       HAVING countIf(source = 'guardrail') > 0
     )
     GROUP BY agent`,
    { ...baseParams(w), check },
  );
  return rows.map((r) => {
    const samples = Number(r.samples);
    const bad = Number(r.bad);
    return { labels: agentLabels(w, r.agent), value: as === 'rate' ? bad / samples : bad, samples, traceIds: r.traces };
  });
}

async function costPerExecution(client: ClickHouseClient, w: Window): Promise<Measurement[]> {
  // trace_roots finds the window's executions by time; executions (keyed by trace) has their cost.
  const rows = await queryRows<{ agent: string; samples: string; value: number; traces: string[] }>(
    client,
    `SELECT ${w.byAgent ? 'agent' : "''"} AS agent, count() AS samples, avg(cost) AS value,
            arraySlice(arrayMap(t -> t.2, arrayReverseSort(t -> t.1, groupArray((cost, trace_id)))), 1, ${MAX_TRACES}) AS traces
     FROM (
       SELECT trace_id, max(agent_name) AS agent, sum(cost_usd) AS cost
       FROM executions
       WHERE project_id = {project: String} AND trace_id IN (
         SELECT trace_id FROM trace_roots
         WHERE project_id = {project: String} AND start_time >= {from: DateTime64(3)} AND start_time < {to: DateTime64(3)}
           AND ({agent: String} = '' OR agent_name = {agent: String}))
       GROUP BY trace_id
     )
     GROUP BY agent`,
    baseParams(w),
  );
  return rows.map((r) => ({ labels: agentLabels(w, r.agent), value: Number(r.value), samples: Number(r.samples), traceIds: r.traces }));
}

async function errorRate(client: ClickHouseClient, w: Window): Promise<Measurement[]> {
  // An execution failed when its root span says so (a tool error the agent recovered from is not a failure).
  const rows = await queryRows<{ agent: string; samples: string; bad: string; traces: string[] }>(
    client,
    `SELECT ${w.byAgent ? 'agent_name' : "''"} AS agent, count() AS samples, countIf(status_code = 'error') AS bad,
            arraySlice(groupArrayIf(trace_id, status_code = 'error'), 1, ${MAX_TRACES}) AS traces
     FROM trace_roots
     WHERE project_id = {project: String} AND start_time >= {from: DateTime64(3)} AND start_time < {to: DateTime64(3)}
       AND ({agent: String} = '' OR agent_name = {agent: String})
     GROUP BY agent`,
    baseParams(w),
  );
  return rows.map((r) => ({ labels: agentLabels(w, r.agent), value: Number(r.bad) / Number(r.samples), samples: Number(r.samples), traceIds: r.traces }));
}

/**
 * Windowed checks judge a series (drift: an agent or one of its models; SLO: an objective) every
 * minute. The value is the latest judgement's score (p95 ratio, burn rate) when it flagged, else 0:
 * the check's own statistics decide whether it is real, the threshold how bad it must be.
 */
async function windowedVerdicts(client: ClickHouseClient, w: Window, check: 'latency_drift' | 'slo_burn'): Promise<Measurement[]> {
  const rows = await queryRows<{ agent: string; subject: string; passed: boolean; score: number }>(
    client,
    `SELECT agent_name AS agent, span_id AS subject, argMax(passed, time) AS passed, argMax(score, time) AS score
     FROM evaluations FINAL
     WHERE project_id = {project: String} AND check = {check: String} AND trace_id = '' AND source = 'guardrail'
       AND time >= {from: DateTime64(3)} AND time < {to: DateTime64(3)}
       AND ({agent: String} = '' OR agent_name = {agent: String})
     GROUP BY agent, subject`,
    { ...baseParams(w), check },
  );
  return rows.map((r) => {
    const labels: Record<string, string> = check === 'slo_burn' ? { slo: r.subject.replace(/^slo:/, '') } : { series: r.subject };
    if (r.agent) labels.agent = r.agent;
    return { labels, value: r.passed ? 0 : Number(r.score), samples: 1, traceIds: [] };
  });
}

/**
 * The executions a latency or SLO alert points at: the agent's failed ones for a success objective,
 * else its slowest (above the objective's threshold, when it has one).
 */
export async function worstExecutions(client: ClickHouseClient, projectId: string, agent: string, fromMs: number, toMs: number, slo?: SloPolicy): Promise<string[]> {
  const failed = slo?.kind === 'success';
  const rows = await queryRows<{ trace_id: string }>(
    client,
    `SELECT trace_id FROM trace_roots
     WHERE project_id = {project: String} AND start_time >= {from: DateTime64(3)} AND start_time < {to: DateTime64(3)}
       AND ({agent: String} = '' OR agent_name = {agent: String})
       AND ${failed ? "status_code = 'error'" : 'duration_ns >= {slowNs: UInt64}'}
     ORDER BY duration_ns DESC LIMIT ${MAX_TRACES}`,
    { project: projectId, from: dateTime64FromMillis(fromMs), to: dateTime64FromMillis(toMs), agent, slowNs: (slo?.thresholdMs ?? 0) * 1_000_000 },
  );
  return rows.map((r) => r.trace_id);
}

/** The rule's measurements in one project; instance metrics are measured by the engine itself. */
export async function measure(client: ClickHouseClient, projectId: string, rule: AlertRulePolicy, nowMs: number, slos: readonly SloPolicy[] = []): Promise<Measurement[]> {
  const w = windowOf(projectId, rule, nowMs);
  const verdict = VERDICT_CHECKS[rule.metric];
  if (verdict) return verdicts(client, w, verdict.check, verdict.as);
  switch (rule.metric) {
    case 'cost_per_execution': return costPerExecution(client, w);
    case 'error_rate': return errorRate(client, w);
    case 'latency_drift':
    case 'slo_burn': {
      const found = await windowedVerdicts(client, w, rule.metric);
      // Point the alert at the executions behind it: the slowest, or the failed ones of a success objective.
      for (const m of found) {
        if (m.value > 0) m.traceIds = await worstExecutions(client, projectId, m.labels.agent ?? '', w.fromMs, w.toMs, slos.find((s) => s.name === m.labels.slo));
      }
      return found;
    }
    default: return [];
  }
}
