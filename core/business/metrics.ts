// The executive view's numbers, from the per-day sums (business_daily, feedback_daily, cost_daily)
// and the policy's value model. Periods are whole UTC days; the previous period is the same number
// of days just before. Every definition here is the one the README documents.
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '../clickhouse/query.ts';
import { agentValueOf, type ValuePolicy } from '../policy/business.ts';

const DAY_MS = 86_400_000;
/** Days in an average month: a fixed monthly cost is prorated per day by it. */
export const DAYS_PER_MONTH = 30.4375;

export interface Counts {
  executions: number;
  resolved: number;
  escalated: number;
  abandoned: number;
  failed: number;
  unknown: number;
  costNanos: number;
  inputTokens: number;
  outputTokens: number;
  slaMet: number;
  feedback: number;
  positive: number;
  negative: number;
  scoreSum: number;
  scoreCount: number;
}

export const ZERO: Counts = {
  executions: 0, resolved: 0, escalated: 0, abandoned: 0, failed: 0, unknown: 0, costNanos: 0, inputTokens: 0, outputTokens: 0,
  slaMet: 0, feedback: 0, positive: 0, negative: 0, scoreSum: 0, scoreCount: 0,
};

export function addCounts(a: Counts, b: Counts): Counts {
  const out = { ...a };
  for (const key of Object.keys(out) as (keyof Counts)[]) out[key] += b[key];
  return out;
}

export interface Kpis {
  executions: number;
  resolved: number;
  escalated: number;
  abandoned: number;
  failed: number;
  unknown: number;
  resolutionRate: number | null;
  handoffRate: number | null;
  abandonmentRate: number | null;
  failureRate: number | null;
  costUsd: number;
  costPerExecution: number | null;
  inputTokens: number;
  outputTokens: number;
  feedback: number;
  positive: number;
  negative: number;
  satisfactionRate: number | null;
  averageScore: number | null;
  slaMet: number;
  slaCompliance: number | null;
  valueUsd: number;
  escalationCostUsd: number;
  fixedCostUsd: number;
  agentCostUsd: number;
  roi: number | null;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/** The money of one agent's counts over `days` days under its value settings. */
function money(counts: Counts, value: ValuePolicy | undefined, agent: string, days: number) {
  const v = agentValueOf(value, agent);
  return {
    valueUsd: counts.resolved * v.valuePerResolved,
    escalationCostUsd: counts.escalated * v.costPerEscalation,
    fixedCostUsd: (v.fixedMonthlyCost * days) / DAYS_PER_MONTH,
  };
}

/** KPIs of counts per agent over `days` days: rates of the sums, money per agent then summed. */
export function kpisOf(perAgent: ReadonlyMap<string, Counts>, value: ValuePolicy | undefined, days: number): Kpis {
  let counts = ZERO;
  let valueUsd = 0;
  let escalationCostUsd = 0;
  let fixedCostUsd = 0;
  for (const [agent, c] of perAgent) {
    counts = addCounts(counts, c);
    const m = money(c, value, agent, days);
    valueUsd += m.valueUsd;
    escalationCostUsd += m.escalationCostUsd;
    fixedCostUsd += m.fixedCostUsd;
  }
  const known = counts.executions - counts.unknown;
  const costUsd = counts.costNanos / 1e9;
  const agentCostUsd = costUsd + fixedCostUsd;
  return {
    executions: counts.executions,
    resolved: counts.resolved,
    escalated: counts.escalated,
    abandoned: counts.abandoned,
    failed: counts.failed,
    unknown: counts.unknown,
    resolutionRate: ratio(counts.resolved, known),
    handoffRate: ratio(counts.escalated, known),
    abandonmentRate: ratio(counts.abandoned, known),
    failureRate: ratio(counts.failed, known),
    costUsd,
    costPerExecution: ratio(costUsd, counts.executions),
    inputTokens: counts.inputTokens,
    outputTokens: counts.outputTokens,
    feedback: counts.feedback,
    positive: counts.positive,
    negative: counts.negative,
    satisfactionRate: ratio(counts.positive, counts.positive + counts.negative),
    averageScore: ratio(counts.scoreSum, counts.scoreCount),
    slaMet: counts.slaMet,
    slaCompliance: ratio(counts.slaMet, counts.executions),
    valueUsd,
    escalationCostUsd,
    fixedCostUsd,
    agentCostUsd,
    roi: ratio(valueUsd - escalationCostUsd - agentCostUsd, agentCostUsd),
  };
}

/** A range as whole UTC days: from the start of `fromMs`'s day to the end of the day before `toMs` (or `toMs`'s day when it is not midnight). */
export function wholeDays(fromMs: number, toMs: number): { fromDay: number; toDay: number; days: number } {
  const fromDay = Math.floor(fromMs / DAY_MS) * DAY_MS;
  const toDay = Math.max(fromDay + DAY_MS, Math.ceil(toMs / DAY_MS) * DAY_MS);
  return { fromDay, toDay, days: (toDay - fromDay) / DAY_MS };
}

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface DailyRow {
  day_text: string;
  agent_name: string;
  executions: string;
  resolved: string;
  escalated: string;
  abandoned: string;
  failed: string;
  unknown: string;
  cost_nanos: string;
  input_tokens: string;
  output_tokens: string;
  sla_met: string;
  feedback: string;
  positive: string;
  negative: string;
  score_sum: string;
  score_count: string;
}

/** Counts per day and agent in [fromDay, toDay), outcomes and feedback joined. */
export async function readDaily(client: ClickHouseClient, projectId: string, fromDay: number, toDay: number, agent?: string): Promise<{ day: string; agent: string; counts: Counts }[]> {
  const params = { project: projectId, from: isoDay(fromDay), to: isoDay(toDay), agent: agent ?? '' };
  const where = `project_id = {project: String} AND day >= {from: Date} AND day < {to: Date} AND ({agent: String} = '' OR agent_name = {agent: String})`;
  const rows = await queryRows<DailyRow>(
    client,
    `SELECT toString(day) AS day_text, agent_name,
            sum(executions) AS executions, sum(resolved) AS resolved, sum(escalated) AS escalated, sum(abandoned) AS abandoned,
            sum(failed) AS failed, sum(unknown) AS unknown, sum(cost_nanos) AS cost_nanos, sum(input_tokens) AS input_tokens,
            sum(output_tokens) AS output_tokens, sum(sla_met) AS sla_met,
            sum(feedback) AS feedback, sum(positive) AS positive, sum(negative) AS negative, sum(score_sum) AS score_sum, sum(score_count) AS score_count
     FROM (
       SELECT day, agent_name, executions, resolved, escalated, abandoned, failed, unknown, cost_nanos, input_tokens, output_tokens, sla_met,
              0 AS feedback, 0 AS positive, 0 AS negative, 0 AS score_sum, 0 AS score_count
       FROM business_daily WHERE ${where}
       UNION ALL
       SELECT day, agent_name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, feedback, positive, negative, score_sum, score_count
       FROM feedback_daily WHERE ${where}
     )
     GROUP BY day, agent_name
     ORDER BY day, agent_name`,
    params,
  );
  return rows.map((r) => ({
    day: r.day_text,
    agent: r.agent_name,
    counts: {
      executions: Number(r.executions),
      resolved: Number(r.resolved),
      escalated: Number(r.escalated),
      abandoned: Number(r.abandoned),
      failed: Number(r.failed),
      unknown: Number(r.unknown),
      costNanos: Number(r.cost_nanos),
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      slaMet: Number(r.sla_met),
      feedback: Number(r.feedback),
      positive: Number(r.positive),
      negative: Number(r.negative),
      scoreSum: Number(r.score_sum),
      scoreCount: Number(r.score_count),
    },
  }));
}

export interface CostRow {
  day: string;
  agent: string;
  model: string;
  calls: number;
  costNanos: number;
  inputTokens: number;
  outputTokens: number;
  unpriced: number;
}

export async function readCostDaily(client: ClickHouseClient, projectId: string, fromDay: number, toDay: number, agent?: string): Promise<CostRow[]> {
  const rows = await queryRows<{ day_text: string; agent_name: string; model: string; calls: string; cost_nanos: string; input_tokens: string; output_tokens: string; unpriced: string }>(
    client,
    `SELECT toString(day) AS day_text, agent_name, model, sum(calls) AS calls, sum(cost_nanos) AS cost_nanos, sum(input_tokens) AS input_tokens,
            sum(output_tokens) AS output_tokens, sum(unpriced) AS unpriced
     FROM cost_daily
     WHERE project_id = {project: String} AND day >= {from: Date} AND day < {to: Date} AND ({agent: String} = '' OR agent_name = {agent: String})
     GROUP BY day, agent_name, model HAVING calls != 0
     ORDER BY day, agent_name, model`,
    { project: projectId, from: isoDay(fromDay), to: isoDay(toDay), agent: agent ?? '' },
  );
  return rows.map((r) => ({
    day: r.day_text,
    agent: r.agent_name,
    model: r.model,
    calls: Number(r.calls),
    costNanos: Number(r.cost_nanos),
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    unpriced: Number(r.unpriced),
  }));
}

/** p50 and p95 of the agents' own spans (span type agent) per agent, from the per-day latency states. */
export async function readLatency(client: ClickHouseClient, projectId: string, fromDay: number, toDay: number, agent?: string): Promise<{ agent: string; p50Ms: number | null; p95Ms: number | null }[]> {
  const rows = await queryRows<{ agent_name: string; q: number[] }>(
    client,
    `SELECT agent_name, quantilesTDigestMerge(0.5, 0.9, 0.95, 0.99)(duration_ms) AS q
     FROM latency_daily
     WHERE project_id = {project: String} AND day >= {from: Date} AND day < {to: Date} AND ({agent: String} = '' OR agent_name = {agent: String})
     GROUP BY agent_name ORDER BY agent_name`,
    { project: projectId, from: isoDay(fromDay), to: isoDay(toDay), agent: agent ?? '' },
  );
  return rows.map((r) => ({ agent: r.agent_name, p50Ms: r.q[0] ?? null, p95Ms: r.q[2] ?? null }));
}
