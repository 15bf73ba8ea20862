// What the executive page computes from the business metrics: which way each KPI is good, its
// change against the previous period in words, target status with the gap, the trend series
// (cumulative value against cumulative cost for ROI), and the /traces links behind every figure.
import type { BusinessMetrics, CostMetrics, Kpis, OutcomeView, TargetStatus } from '../../../server/business-schemas.ts';
import { formatInteger, formatPercent } from './format.ts';
import { buildSeries, type Series } from './series.ts';
import { EMPTY_FILTERS, filtersToQuery, type SortKey } from './traceFilters.ts';
import { withProject } from './routes.ts';

export type Interval = BusinessMetrics['interval'];
export type KpiKey = 'executions' | 'resolutionRate' | 'handoffRate' | 'abandonmentRate' | 'satisfactionRate' | 'slaCompliance' | 'costPerExecution' | 'valueUsd' | 'roi';
/** Which way is good: `neither` for volume, where more is neither better nor worse. */
export type Better = 'higher' | 'lower' | 'neither';
/** count: a number of executions; share: 0–1 shown as %; usd: money; roi: a ratio shown as %. */
export type Unit = 'count' | 'share' | 'usd' | 'roi';
type Outcome = OutcomeView['outcome'];

export interface KpiDefinition {
  key: KpiKey;
  label: string;
  better: Better;
  unit: Unit;
  /** The policy target judged on this KPI, if any. */
  target?: TargetStatus['kpi'];
  /** The executions behind the figure, as explorer filters. */
  outcome?: Outcome;
  sort?: SortKey;
}

export const KPIS: readonly KpiDefinition[] = [
  { key: 'executions', label: 'Executions', better: 'neither', unit: 'count' },
  { key: 'resolutionRate', label: 'Resolution rate', better: 'higher', unit: 'share', target: 'resolutionRate', outcome: 'resolved' },
  { key: 'handoffRate', label: 'Handoff rate', better: 'lower', unit: 'share', target: 'handoffReduction', outcome: 'escalated' },
  { key: 'abandonmentRate', label: 'Abandonment', better: 'lower', unit: 'share', outcome: 'abandoned' },
  { key: 'satisfactionRate', label: 'Satisfaction', better: 'higher', unit: 'share', target: 'satisfaction' },
  { key: 'slaCompliance', label: 'SLA compliance', better: 'higher', unit: 'share', target: 'slaCompliance' },
  { key: 'costPerExecution', label: 'Cost per execution', better: 'lower', unit: 'usd', target: 'maxCostPerExecution', sort: 'cost' },
  { key: 'valueUsd', label: 'Value', better: 'higher', unit: 'usd', outcome: 'resolved' },
  { key: 'roi', label: 'ROI', better: 'higher', unit: 'roi' },
];

export function kpiDefinition(key: KpiKey): KpiDefinition {
  return KPIS.find((k) => k.key === key)!;
}

const MINUS = '−';

/** Money: whole dollars from $1,000, cents from 10 cents, two significant digits below (a cost
 *  per execution of $0.00021, an axis tick of $0.00005). */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '–';
  if (usd < 0) return `${MINUS}${formatUsd(-usd)}`;
  if (usd === 0) return '$0';
  if (usd >= 1000) return `$${formatInteger(usd)}`;
  if (usd >= 0.1) return `$${usd.toFixed(2)}`;
  const digits = Math.min(10, 1 - Math.floor(Math.log10(usd)));
  return `$${usd.toFixed(digits).replace(/0+$/, '')}`;
}

export function formatKpi(unit: Unit, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  if (unit === 'count') return formatInteger(value);
  if (unit === 'share') return formatPercent(value);
  if (unit === 'usd') return formatUsd(value);
  return `${value < 0 ? MINUS : ''}${formatInteger(Math.abs(value) * 100)}%`;
}

export type Verdict = 'better' | 'worse' | 'same' | 'none';

export interface Change {
  /** ▲ up, ▼ down, = unchanged; empty when there is nothing to compare. */
  arrow: '▲' | '▼' | '=' | '';
  /** Signed difference as shown: "+4.2 pp", "−$0.0012 (−8%)", "+120 (+12%)". */
  text: string;
  /** Judged by the KPI's direction; `none` for volume or without a previous value. */
  verdict: Verdict;
}

const signed = (n: number, text: string) => `${n > 0 ? '+' : n < 0 ? MINUS : ''}${text}`;
function points(pp: number): string {
  const size = Math.round(Math.abs(pp) * 10) / 10;
  return `${size >= 10 ? Math.round(size) : size.toFixed(1)} pp`;
}
const relative = (diff: number, previous: number) => (previous === 0 ? '' : ` (${signed(diff, `${Math.round(Math.abs(diff / previous) * 100)}%`)})`);

/** The change of a KPI against the previous period, with better/worse from its direction. */
export function kpiChange(unit: Unit, better: Better, current: number | null, previous: number | null): Change {
  if (current === null || previous === null) return { arrow: '', text: previous === null ? 'no previous data' : 'no data', verdict: 'none' };
  const diff = current - previous;
  const negligible =
    unit === 'count' ? diff === 0 : unit === 'share' ? Math.abs(diff) < 0.0005 : unit === 'roi' ? Math.abs(diff) < 0.005 : diff === 0 || (previous !== 0 && Math.abs(diff / previous) < 0.0005);
  if (negligible) return { arrow: '=', text: 'no change', verdict: better === 'neither' ? 'none' : 'same' };
  const text =
    unit === 'count' ? signed(diff, formatInteger(Math.abs(diff))) + relative(diff, previous)
    : unit === 'share' ? signed(diff, points(diff * 100))
    : unit === 'roi' ? signed(diff, `${formatInteger(Math.abs(diff) * 100)} pp`)
    : signed(diff, formatUsd(Math.abs(diff))) + relative(diff, previous);
  const up = diff > 0;
  const verdict: Verdict = better === 'neither' ? 'none' : (better === 'higher') === up ? 'better' : 'worse';
  return { arrow: up ? '▲' : '▼', text, verdict };
}

/** The counts behind a KPI, one line under its tile. */
export function kpiDetail(key: KpiKey, k: Kpis): string {
  const known = k.executions - k.unknown;
  const ofKnown = (n: number, what: string) => `${formatInteger(n)} ${what} of ${formatInteger(known)} with a known outcome`;
  switch (key) {
    case 'executions':
      return k.unknown > 0 ? `${formatInteger(k.unknown)} without a known outcome` : 'all with a known outcome';
    case 'resolutionRate':
      return ofKnown(k.resolved, 'resolved');
    case 'handoffRate':
      return ofKnown(k.escalated, 'handed to a person');
    case 'abandonmentRate':
      return ofKnown(k.abandoned, 'abandoned');
    case 'satisfactionRate':
      if (k.feedback === 0) return 'no feedback received';
      return `${formatInteger(k.positive)} positive, ${formatInteger(k.negative)} negative${k.averageScore === null ? '' : `, score ${k.averageScore.toFixed(1)} of 5`}`;
    case 'slaCompliance':
      return `${formatInteger(k.slaMet)} of ${formatInteger(k.executions)} within the SLA`;
    case 'costPerExecution':
      return `${formatUsd(k.costUsd)} in total`;
    case 'valueUsd':
      return `${formatInteger(k.resolved)} resolved; escalations cost ${formatUsd(k.escalationCostUsd)}`;
    case 'roi':
      return `net ${formatUsd(netValue(k))} on ${formatUsd(k.agentCostUsd)} agent cost`;
  }
}

/** What ROI divides: value less escalation costs less the agent's cost. */
export function netValue(k: Pick<Kpis, 'valueUsd' | 'escalationCostUsd' | 'agentCostUsd'>): number {
  return k.valueUsd - k.escalationCostUsd - k.agentCostUsd;
}

// ---- Targets

/** Targets that cap a KPI (stay at or below); the others are floors. */
const CEILINGS: readonly TargetStatus['kpi'][] = ['handoffReduction', 'maxCostPerExecution'];
export const isCeiling = (kpi: TargetStatus['kpi']) => CEILINGS.includes(kpi);
export const targetUnit = (kpi: TargetStatus['kpi']): Unit => (kpi === 'maxCostPerExecution' ? 'usd' : 'share');

function gapText(kpi: TargetStatus['kpi'], gap: number): string {
  return targetUnit(kpi) === 'usd' ? formatUsd(Math.abs(gap)) : points(gap * 100);
}

export type TargetTone = 'met' | 'missed' | 'nodata';
export interface TargetLine {
  tone: TargetTone;
  icon: '✓' | '✕' | '○';
  text: string;
  /** The verdict alone: "met, 5.0 pp to spare", "missed by 3.0 pp", "no data". */
  status: string;
}

/** "≥ 80%" or "≤ $0.05": the level a target asks for. */
export function targetLevel(t: Pick<TargetStatus, 'kpi' | 'target'>): string {
  return `${isCeiling(t.kpi) ? '≤' : '≥'} ${formatKpi(targetUnit(t.kpi), t.target)}`;
}

/** One target in words: "target ≥ 80% met, 5.0 pp to spare" / "missed by 3.0 pp" / "no data". */
export function targetLine(t: TargetStatus): TargetLine {
  const level = `target ${targetLevel(t)}`;
  if (t.met === null || t.actual === null || t.target === null) return { tone: 'nodata', icon: '○', text: `${level}: not judged, no data`, status: 'not judged, no data' };
  const gap = t.gap ?? t.actual - t.target;
  const status = t.met ? (gap === 0 ? 'met exactly' : `met, ${gapText(t.kpi, gap)} to spare`) : `missed by ${gapText(t.kpi, gap)}`;
  return { tone: t.met ? 'met' : 'missed', icon: t.met ? '✓' : '✕', text: `${level} ${status}`, status };
}

/** A KPI's targets across agents in one line: the single target's words, or how many agents met theirs. */
export function targetSummary(targets: readonly TargetStatus[], kpi: TargetStatus['kpi']): TargetLine | null {
  const mine = targets.filter((t) => t.kpi === kpi);
  if (mine.length === 0) return null;
  if (mine.length === 1) return targetLine(mine[0]!);
  const missed = mine.filter((t) => t.met === false);
  const judged = mine.filter((t) => t.met !== null);
  const line = (tone: TargetTone, icon: TargetLine['icon'], status: string): TargetLine => ({ tone, icon, text: `target ${status}`, status });
  if (judged.length === 0) return { ...line('nodata', '○', 'not judged, no data'), text: `targets of ${mine.length} agents: not judged, no data` };
  if (missed.length === 0) return line('met', '✓', `met by ${judged.length === mine.length ? 'all' : `${judged.length} of`} ${mine.length} agents`);
  const who = missed.length <= 2 ? missed.map((t) => t.agent).join(' and ') : `${missed.length} of ${mine.length} agents`;
  return line('missed', '✕', `missed by ${who}`);
}

// ---- Trends

const bucketMs = (interval: Interval) => (interval === 'week' ? 7 : 1) * 86_400_000;

export interface TrendLine {
  name: string;
  value: (k: Kpis) => number | null;
}

/** One chart series per line, in the order given; a bucket without a value (a rate with nothing
 *  to divide) is a gap, not zero. */
export function trendSeries(series: BusinessMetrics['series'], lines: readonly TrendLine[], interval: Interval): Series[] {
  const points = series.flatMap((bucket) => lines.map((line) => ({ time: bucket.start, group: line.name, v: line.value(bucket) ?? NaN })));
  const built = buildSeries(points, (p) => p.v, bucketMs(interval) / 1000);
  return lines.map((line) => built.find((s) => s.name === line.name)).filter((s): s is Series => s !== undefined);
}

export const VALUE_LINE = 'Value of resolved executions';
export const COST_LINE = 'Cost: agent + escalations';

/** ROI as two running totals: what resolved executions were worth against what the agent and its
 *  escalations cost. Where value runs above cost, ROI is positive. */
export function cumulativeValueCost(series: BusinessMetrics['series']): Series[] {
  let value = 0;
  let cost = 0;
  const valuePoints = [];
  const costPoints = [];
  for (const bucket of [...series].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))) {
    const t = Date.parse(bucket.start);
    value += bucket.valueUsd;
    cost += bucket.agentCostUsd + bucket.escalationCostUsd;
    valuePoints.push({ t, v: value });
    costPoints.push({ t, v: cost });
  }
  return [
    { name: VALUE_LINE, points: valuePoints },
    { name: COST_LINE, points: costPoints },
  ];
}

// ---- Cost by model

export type CostRow = Omit<CostMetrics['rows'][number], 'start'> & {
  /** Share of the period's cost. */
  share: number | null;
};

/** The period's cost per model and agent, most expensive first. */
export function costByModel(rows: CostMetrics['rows']): CostRow[] {
  const sums = new Map<string, Omit<CostRow, 'share'>>();
  for (const row of rows) {
    const key = JSON.stringify([row.model, row.agent]);
    const sum = sums.get(key);
    if (!sum) sums.set(key, { agent: row.agent, model: row.model, costUsd: row.costUsd, llmCalls: row.llmCalls, inputTokens: row.inputTokens, outputTokens: row.outputTokens, unpricedCalls: row.unpricedCalls });
    else for (const field of ['costUsd', 'llmCalls', 'inputTokens', 'outputTokens', 'unpricedCalls'] as const) sum[field] += row[field];
  }
  const total = rows.reduce((t, r) => t + r.costUsd, 0);
  return [...sums.values()]
    .map((r) => ({ ...r, share: total > 0 ? r.costUsd / total : null }))
    .sort((a, b) => b.costUsd - a.costUsd || a.model.localeCompare(b.model) || a.agent.localeCompare(b.agent));
}

export const OTHER_MODELS = 'other models';

/** Cost per bucket, one line per model (agents summed), most expensive model first; past `top`
 *  models the rest share one line, so the chart stays readable. A bucket where a model made no
 *  call cost nothing on it: zero, not a gap. */
export function modelCostSeries(rows: CostMetrics['rows'], starts: readonly string[], top = 5): Series[] {
  const byModel = new Map<string, Map<number, number>>();
  for (const row of rows) {
    const costs = byModel.get(row.model) ?? new Map<number, number>();
    const t = Date.parse(row.start);
    costs.set(t, (costs.get(t) ?? 0) + row.costUsd);
    byModel.set(row.model, costs);
  }
  const times = [...new Set([...starts.map((s) => Date.parse(s)), ...rows.map((r) => Date.parse(r.start))])].sort((a, b) => a - b);
  const total = (costs: Map<number, number>) => [...costs.values()].reduce((a, b) => a + b, 0);
  const ranked = [...byModel.entries()].sort(([a, ca], [b, cb]) => total(cb) - total(ca) || a.localeCompare(b));
  const line = (name: string, costs: Map<number, number>[]) => ({ name, points: times.map((t) => ({ t, v: costs.reduce((sum, c) => sum + (c.get(t) ?? 0), 0) })) });
  const shown = ranked.length > top + 1 ? ranked.slice(0, top) : ranked;
  const rest = ranked.slice(shown.length).map(([, costs]) => costs);
  return [...shown.map(([model, costs]) => line(model || '(no model)', [costs])), ...(rest.length > 0 ? [line(OTHER_MODELS, rest)] : [])];
}

// ---- Links to the executions behind a figure

export interface TraceLink {
  from: string;
  to: string;
  agent?: string;
  model?: string;
  outcome?: Outcome;
  feedback?: 'positive' | 'negative' | 'any';
  minDurationMs?: number;
  sort?: SortKey;
}

/** /traces with the explorer's own URL filters, so the list there is the executions counted here. */
export function tracesHref(link: TraceLink, project: string | null): string {
  const query = new URLSearchParams({ from: link.from, to: link.to });
  filtersToQuery(
    { ...EMPTY_FILTERS, attr: [], agent: link.agent ?? '', model: link.model ?? '', outcome: link.outcome ?? '', feedback: link.feedback ?? '', minDurationMs: link.minDurationMs === undefined ? '' : String(link.minDurationMs), sort: link.sort ?? 'time' },
    query,
  );
  return withProject(`/traces?${query}`, project);
}

/** The executions behind a KPI tile: its outcome, the most expensive first for cost, and for SLA
 *  compliance the executions over the SLA when one SLA applies to all of them. */
export function kpiLink(def: KpiDefinition, period: { from: string; to: string }, agent: string, slaSeconds: number | null): TraceLink {
  const link: TraceLink = { from: period.from, to: period.to, ...(agent ? { agent } : {}) };
  if (def.outcome) link.outcome = def.outcome;
  if (def.sort) link.sort = def.sort;
  if (def.key === 'slaCompliance' && slaSeconds !== null) link.minDurationMs = slaSeconds * 1000;
  if (def.key === 'satisfactionRate') link.feedback = 'any';
  return link;
}

/** "30 days", "24 hours": the length of a period, for "against the 30 days before". */
export function periodLength(from: string, to: string): string {
  const hours = (Date.parse(to) - Date.parse(from)) / 3_600_000;
  if (hours >= 48) return `${Math.round(hours / 24)} days`;
  if (hours >= 1.5) return `${Math.round(hours)} hours`;
  return `${Math.max(1, Math.round(hours * 60))} minutes`;
}

/** "2026-12-01 10:00 UTC": report times in UTC, as the daily and weekly buckets are. */
export function utcText(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "2026-11-01 – 2026-11-30": the whole UTC days a period covers (its end is exclusive). */
export function dayRangeText(from: string, to: string): string {
  const first = new Date(Date.parse(from)).toISOString().slice(0, 10);
  const last = new Date(Date.parse(to) - 1).toISOString().slice(0, 10);
  return first === last ? first : `${first} – ${last}`;
}

/** The time a bucket covers, clipped to the period (buckets align to whole UTC days or weeks). */
export function bucketRange(start: string, interval: Interval, period: { from: string; to: string }): { from: string; to: string } {
  const startMs = Date.parse(start);
  const from = Math.max(startMs, Date.parse(period.from));
  const to = Math.min(startMs + bucketMs(interval), Date.parse(period.to));
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** The response-time SLA of an agent from the policy in force (value.agents.<agent> over
 *  value.defaults, as the server resolves it), in seconds. */
export function slaSecondsOf(policy: Record<string, unknown> | null, agent: string): number {
  const value = record(policy?.value);
  const seconds = record(record(value?.agents)?.[agent])?.slaSeconds ?? record(value?.defaults)?.slaSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds : DEFAULT_SLA_SECONDS;
}

/** Whether the policy says what a resolved execution is worth (for any agent): without it value is
 *  $0 and ROI says only what the agent cost. Unknown (null policy) counts as set. */
export function valueIsSet(policy: Record<string, unknown> | null): boolean {
  if (policy === null) return true;
  const value = record(policy.value);
  const agents = Object.values(record(value?.agents) ?? {}).map(record);
  return [record(value?.defaults), ...agents].some((v) => typeof v?.valuePerResolved === 'number' && v.valuePerResolved > 0);
}

/** Mirrors DEFAULT_SLA_SECONDS in core/policy/business.ts (the app imports only types from there). */
export const DEFAULT_SLA_SECONDS = 120;

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
