// Everything `GET /api/metrics/business` answers: the period's KPIs against the previous period, a
// series per day or week, each agent's KPIs, and the policy's targets met or missed.
import type { ClickHouseClient } from '@clickhouse/client';
import { agentValueOf, type ValuePolicy } from '../policy/business.ts';
import { addCounts, isoDay, kpisOf, readCostDaily, readDaily, readLatency, wholeDays, ZERO, type Counts, type Kpis } from './metrics.ts';

const DAY_MS = 86_400_000;

export type Interval = 'day' | 'week';

export interface TargetStatus {
  agent: string;
  kpi: 'handoffReduction' | 'slaCompliance' | 'resolutionRate' | 'satisfaction' | 'maxCostPerExecution';
  description: string;
  /** null when it cannot be set (a handoff target without baseline data). */
  target: number | null;
  actual: number | null;
  met: boolean | null;
  gap: number | null;
}

export interface BusinessReport {
  from: string;
  to: string;
  previous: { from: string; to: string };
  interval: Interval;
  totals: Kpis;
  previousTotals: Kpis;
  series: (Kpis & { start: string })[];
  agents: { agent: string; current: Kpis; previous: Kpis }[];
  targets: TargetStatus[];
  latency: { agent: string; p50Ms: number | null; p95Ms: number | null }[];
}

/** Monday of the day's ISO week (UTC) for weekly buckets. */
function bucketOf(dayMs: number, interval: Interval): number {
  if (interval === 'day') return dayMs;
  const weekday = (new Date(dayMs).getUTCDay() + 6) % 7;
  return dayMs - weekday * DAY_MS;
}

function sumByAgent(rows: readonly { agent: string; counts: Counts }[]): Map<string, Counts> {
  const byAgent = new Map<string, Counts>();
  for (const r of rows) byAgent.set(r.agent, addCounts(byAgent.get(r.agent) ?? ZERO, r.counts));
  return byAgent;
}

const pct = (x: number) => `${Number((x * 100).toPrecision(3))}%`;

function targetsOf(agent: string, value: ValuePolicy | undefined, current: Kpis, baseline: Kpis, baselineRange: { from: string; to: string }, previousPeriod: boolean): TargetStatus[] {
  const t = agentValueOf(value, agent).targets;
  const out: TargetStatus[] = [];
  const floor = (kpi: TargetStatus['kpi'], label: string, target: number | undefined, actual: number | null) => {
    if (target === undefined) return;
    out.push({ agent, kpi, description: `${label} at least ${pct(target)}`, target, actual, met: actual === null ? null : actual >= target, gap: actual === null ? null : actual - target });
  };
  floor('resolutionRate', 'resolution rate', t.resolutionRate, current.resolutionRate);
  floor('slaCompliance', 'executions within the SLA', t.slaCompliance, current.slaCompliance);
  floor('satisfaction', 'positive feedback', t.satisfaction, current.satisfactionRate);
  if (t.maxCostPerExecution !== undefined) {
    const actual = current.costPerExecution;
    out.push({ agent, kpi: 'maxCostPerExecution', description: `cost per execution at most $${t.maxCostPerExecution}`, target: t.maxCostPerExecution, actual, met: actual === null ? null : actual <= t.maxCostPerExecution, gap: actual === null ? null : actual - t.maxCostPerExecution });
  }
  if (t.handoffReduction !== undefined) {
    const before = baseline.handoffRate;
    const where = ` (${previousPeriod ? 'the previous period, ' : ''}${baselineRange.from} – ${baselineRange.to}: ${before === null ? 'no data' : pct(before)})`;
    const target = before === null ? Number.NaN : before * (1 - t.handoffReduction);
    const actual = current.handoffRate;
    const known = before !== null && actual !== null;
    out.push({
      agent,
      kpi: 'handoffReduction',
      description: `handoff rate ${pct(t.handoffReduction)} below the baseline${where}`,
      target: Number.isNaN(target) ? null : target,
      actual,
      met: known ? actual <= target : null,
      gap: known ? actual - target : null,
    });
  }
  return out;
}

export async function businessReport(client: ClickHouseClient, projectId: string, range: { fromMs: number; toMs: number }, interval: Interval, value: ValuePolicy | undefined, agent?: string): Promise<BusinessReport> {
  const { fromDay, toDay, days } = wholeDays(range.fromMs, range.toMs);
  const previousFrom = fromDay - days * DAY_MS;
  const [rows, latency] = await Promise.all([readDaily(client, projectId, previousFrom, toDay, agent), readLatency(client, projectId, fromDay, toDay, agent)]);
  const fromText = isoDay(fromDay);
  const current = rows.filter((r) => r.day >= fromText);
  const previous = rows.filter((r) => r.day < fromText);

  // Every bucket of the period, empty ones included, each prorated by the days it covers.
  const buckets = new Map<number, { agent: string; counts: Counts }[]>();
  for (let day = fromDay; day < toDay; day += DAY_MS) buckets.set(bucketOf(day, interval), []);
  for (const r of current) buckets.get(bucketOf(Date.parse(r.day), interval))?.push(r);
  const currentByAgent = sumByAgent(current);
  // Fixed costs accrue every day for every agent of the period, so the buckets add up to the totals.
  const series = [...buckets].map(([start, list]) => {
    const covered = Math.min(toDay, start + (interval === 'day' ? 1 : 7) * DAY_MS) - Math.max(fromDay, start);
    const byAgent = new Map([...currentByAgent.keys()].map((name) => [name, ZERO]));
    for (const [name, counts] of sumByAgent(list)) byAgent.set(name, counts);
    return { start: new Date(start).toISOString(), ...kpisOf(byAgent, value, covered / DAY_MS) };
  });

  const previousByAgent = sumByAgent(previous);
  const agents = [...new Set([...currentByAgent.keys(), ...previousByAgent.keys()])].sort();
  const perAgent = agents.map((name) => ({
    agent: name,
    current: kpisOf(new Map([[name, currentByAgent.get(name) ?? ZERO]]), value, days),
    previous: kpisOf(new Map([[name, previousByAgent.get(name) ?? ZERO]]), value, days),
  }));

  // Baseline periods named in the policy, read once for every agent that has one.
  const baselines = new Map<string, { from: string; to: string }>();
  for (const { agent: name } of perAgent) {
    const settings = agentValueOf(value, name);
    if (settings.targets.handoffReduction !== undefined && settings.baseline) baselines.set(name, settings.baseline);
  }
  const baselineRows = new Map<string, { day: string; agent: string; counts: Counts }[]>();
  for (const [key, range] of Map.groupBy([...baselines], ([, r]) => `${r.from}/${r.to}`)) {
    const [, first] = range[0]!;
    const rows = await readDaily(client, projectId, Date.parse(first.from), Date.parse(first.to), agent);
    baselineRows.set(key, rows);
  }

  const targets: TargetStatus[] = [];
  for (const { agent: name, current: kpis, previous: before } of perAgent) {
    // Without a baseline period in the policy, the handoff target compares with the previous period.
    const range = baselines.get(name);
    let baseline = before;
    if (range) {
      const days = (Date.parse(range.to) - Date.parse(range.from)) / DAY_MS;
      baseline = kpisOf(sumByAgent((baselineRows.get(`${range.from}/${range.to}`) ?? []).filter((r) => r.agent === name)), value, days);
    }
    targets.push(...targetsOf(name, value, kpis, baseline, range ?? { from: isoDay(previousFrom), to: isoDay(fromDay) }, range === undefined));
  }

  return {
    from: new Date(fromDay).toISOString(),
    to: new Date(toDay).toISOString(),
    previous: { from: new Date(previousFrom).toISOString(), to: new Date(fromDay).toISOString() },
    interval,
    totals: kpisOf(currentByAgent, value, days),
    previousTotals: kpisOf(previousByAgent, value, days),
    series,
    agents: perAgent,
    targets,
    latency,
  };
}

export interface CostRow {
  start: string;
  agent: string;
  model: string;
  costUsd: number;
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  unpricedCalls: number;
}

export interface CostReport {
  from: string;
  to: string;
  interval: Interval;
  rows: CostRow[];
}

/** What `GET /api/metrics/cost` answers: cost, calls and tokens per bucket, agent and model. */
export async function costReport(client: ClickHouseClient, projectId: string, range: { fromMs: number; toMs: number }, interval: Interval, agent?: string): Promise<CostReport> {
  const { fromDay, toDay } = wholeDays(range.fromMs, range.toMs);
  const byKey = new Map<string, CostRow & { costNanos: number }>();
  for (const d of await readCostDaily(client, projectId, fromDay, toDay, agent)) {
    const start = bucketOf(Date.parse(d.day), interval);
    const key = `${start}\u0000${d.agent}\u0000${d.model}`;
    const row = byKey.get(key) ?? { start: new Date(start).toISOString(), agent: d.agent, model: d.model, costUsd: 0, costNanos: 0, llmCalls: 0, inputTokens: 0, outputTokens: 0, unpricedCalls: 0 };
    row.costNanos += d.costNanos;
    row.llmCalls += d.calls;
    row.inputTokens += d.inputTokens;
    row.outputTokens += d.outputTokens;
    row.unpricedCalls += d.unpriced;
    byKey.set(key, row);
  }
  // Summed in whole nano-dollars, turned into dollars once: the same figures as the business report.
  const rows = [...byKey.values()].map(({ costNanos, ...row }) => ({ ...row, costUsd: costNanos / 1e9 }));
  return { from: new Date(fromDay).toISOString(), to: new Date(toDay).toISOString(), interval, rows };
}
