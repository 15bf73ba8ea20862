import { describe, expect, it } from 'vitest';
import type { Kpis, TargetStatus } from '../../../server/business-schemas.ts';
import {
  bucketRange,
  costByModel,
  COST_LINE,
  cumulativeValueCost,
  dayRangeText,
  formatKpi,
  formatUsd,
  kpiChange,
  kpiDefinition,
  kpiDetail,
  kpiLink,
  modelCostSeries,
  OTHER_MODELS,
  periodLength,
  slaSecondsOf,
  targetLine,
  targetSummary,
  tracesHref,
  trendSeries,
  utcText,
  VALUE_LINE,
  valueIsSet,
} from './executive.ts';
import { filtersFromQuery } from './traceFilters.ts';

function kpis(over: Partial<Kpis> = {}): Kpis {
  return {
    executions: 0, resolved: 0, escalated: 0, abandoned: 0, failed: 0, unknown: 0,
    resolutionRate: null, handoffRate: null, abandonmentRate: null, failureRate: null,
    costUsd: 0, costPerExecution: null, inputTokens: 0, outputTokens: 0,
    feedback: 0, positive: 0, negative: 0, satisfactionRate: null, averageScore: null,
    slaMet: 0, slaCompliance: null, valueUsd: 0, escalationCostUsd: 0, fixedCostUsd: 0, agentCostUsd: 0, roi: null,
    ...over,
  };
}

const target = (over: Partial<TargetStatus>): TargetStatus => ({ agent: 'support-bot', kpi: 'resolutionRate', description: '', target: 0.8, actual: 0.85, met: true, gap: 0.05, ...over });

describe('change against the previous period', () => {
  it('judges better and worse by the direction of the KPI, not the sign', () => {
    expect(kpiChange('share', 'higher', 0.85, 0.8)).toEqual({ arrow: '▲', text: '+5.0 pp', verdict: 'better' });
    expect(kpiChange('share', 'lower', 0.3, 0.2)).toEqual({ arrow: '▲', text: '+10 pp', verdict: 'worse' });
    expect(kpiChange('usd', 'lower', 0.009, 0.01)).toEqual({ arrow: '▼', text: '−$0.001 (−10%)', verdict: 'better' });
    expect(kpiChange('roi', 'higher', 1.5, 2.25)).toEqual({ arrow: '▼', text: '−75 pp', verdict: 'worse' });
  });
  it('says more or fewer executions without calling it good or bad', () => {
    expect(kpiChange('count', 'neither', 1120, 1000)).toEqual({ arrow: '▲', text: '+120 (+12%)', verdict: 'none' });
    expect(kpiChange('count', 'neither', 40, 0)).toEqual({ arrow: '▲', text: '+40', verdict: 'none' });
    expect(kpiChange('count', 'neither', 7, 7)).toEqual({ arrow: '=', text: 'no change', verdict: 'none' });
  });
  it('calls a change too small to show no change, and a missing side no comparison', () => {
    expect(kpiChange('share', 'higher', 0.8002, 0.8)).toEqual({ arrow: '=', text: 'no change', verdict: 'same' });
    expect(kpiChange('share', 'higher', 0.8, null)).toEqual({ arrow: '', text: 'no previous data', verdict: 'none' });
    expect(kpiChange('share', 'higher', null, 0.8).verdict).toBe('none');
  });
});

describe('formatting', () => {
  it('shows money as people read it and ROI as a percentage', () => {
    expect(formatUsd(12345.678)).toBe('$12,346');
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(0.00005)).toBe('$0.00005');
    expect(formatUsd(0.00147)).toBe('$0.0015');
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(-3)).toBe('−$3.00');
    expect(formatKpi('roi', 2.4)).toBe('240%');
    expect(formatKpi('roi', -0.5)).toBe('−50%');
    expect(formatKpi('share', null)).toBe('–');
    expect(formatKpi('count', 1234)).toBe('1,234');
  });
  it('names the counts behind a figure', () => {
    const k = kpis({ executions: 10, unknown: 2, resolved: 6, escalated: 2, feedback: 4, positive: 3, negative: 1, averageScore: 4.25, slaMet: 9, costUsd: 0.5, valueUsd: 60, escalationCostUsd: 10, agentCostUsd: 20.5 });
    expect(kpiDetail('resolutionRate', k)).toBe('6 resolved of 8 with a known outcome');
    expect(kpiDetail('handoffRate', k)).toBe('2 handed to a person of 8 with a known outcome');
    expect(kpiDetail('executions', k)).toBe('2 without a known outcome');
    expect(kpiDetail('satisfactionRate', k)).toBe('3 positive, 1 negative, score 4.3 of 5');
    expect(kpiDetail('satisfactionRate', kpis())).toBe('no feedback received');
    expect(kpiDetail('slaCompliance', k)).toBe('9 of 10 within the SLA');
    expect(kpiDetail('roi', k)).toBe('net $29.50 on $20.50 agent cost');
  });
});

describe('targets', () => {
  it('says met or missed with the gap, for floors and ceilings', () => {
    expect(targetLine(target({}))).toEqual({ tone: 'met', icon: '✓', text: 'target ≥ 80% met, 5.0 pp to spare', status: 'met, 5.0 pp to spare' });
    expect(targetLine(target({ actual: 0.77, met: false, gap: -0.03 }))).toEqual({ tone: 'missed', icon: '✕', text: 'target ≥ 80% missed by 3.0 pp', status: 'missed by 3.0 pp' });
    expect(targetLine(target({ kpi: 'handoffReduction', target: 0.168, actual: 0.2, met: false, gap: 0.032 })).text).toBe('target ≤ 17% missed by 3.2 pp');
    expect(targetLine(target({ kpi: 'maxCostPerExecution', target: 0.05, actual: 0.04, met: true, gap: -0.01 })).text).toBe('target ≤ $0.05 met, $0.01 to spare');
    expect(targetLine(target({ actual: null, met: null, gap: null }))).toEqual({ tone: 'nodata', icon: '○', text: 'target ≥ 80%: not judged, no data', status: 'not judged, no data' });
  });
  it('sums up one KPI over several agents', () => {
    const all = [target({ agent: 'a' }), target({ agent: 'b', met: false, actual: 0.7, gap: -0.1 }), target({ agent: 'c', kpi: 'slaCompliance' })];
    expect(targetSummary(all, 'resolutionRate')).toEqual({ tone: 'missed', icon: '✕', text: 'target missed by b', status: 'missed by b' });
    expect(targetSummary(all, 'slaCompliance')?.text).toBe('target ≥ 80% met, 5.0 pp to spare');
    expect(targetSummary([target({ agent: 'a' }), target({ agent: 'b' })], 'resolutionRate')?.text).toBe('target met by all 2 agents');
    expect(targetSummary(all, 'satisfaction')).toBeNull();
  });
});

describe('trends', () => {
  const day = (start: string, over: Partial<Kpis>) => ({ ...kpis(over), start });
  const series = [
    day('2026-12-01T00:00:00Z', { executions: 4, resolutionRate: 0.5, valueUsd: 20, agentCostUsd: 5, escalationCostUsd: 2 }),
    day('2026-12-02T00:00:00Z', { executions: 0 }),
    day('2026-12-03T00:00:00Z', { executions: 2, resolutionRate: 1, valueUsd: 10, agentCostUsd: 1 }),
  ];
  it('leaves a gap where a rate has nothing to divide, and keeps zero volume', () => {
    const [volume, rate] = trendSeries(series, [{ name: 'executions', value: (k) => k.executions }, { name: 'resolution rate', value: (k) => k.resolutionRate }], 'day');
    expect(volume!.points.map((p) => p?.v)).toEqual([4, 0, 2]);
    expect(rate!.points.map((p) => p?.v ?? null)).toEqual([0.5, null, 1]);
  });
  it('draws ROI as running value against running cost', () => {
    const [value, cost] = cumulativeValueCost(series);
    expect(value).toMatchObject({ name: VALUE_LINE });
    expect(value!.points.map((p) => p?.v)).toEqual([20, 20, 30]);
    expect(cost).toMatchObject({ name: COST_LINE });
    expect(cost!.points.map((p) => p?.v)).toEqual([7, 7, 8]);
  });
});

describe('cost by model', () => {
  const rows = [
    { start: '2026-12-01T00:00:00Z', agent: 'a', model: 'gpt-4o', costUsd: 3, llmCalls: 3, inputTokens: 300, outputTokens: 30, unpricedCalls: 0 },
    { start: '2026-12-02T00:00:00Z', agent: 'a', model: 'gpt-4o', costUsd: 1, llmCalls: 1, inputTokens: 100, outputTokens: 10, unpricedCalls: 0 },
    { start: '2026-12-02T00:00:00Z', agent: 'b', model: 'mini', costUsd: 1, llmCalls: 5, inputTokens: 500, outputTokens: 50, unpricedCalls: 1 },
  ];
  it('sums the period per model and agent, most expensive first, with the share of cost', () => {
    expect(costByModel(rows)).toEqual([
      { agent: 'a', model: 'gpt-4o', costUsd: 4, llmCalls: 4, inputTokens: 400, outputTokens: 40, unpricedCalls: 0, share: 0.8 },
      { agent: 'b', model: 'mini', costUsd: 1, llmCalls: 5, inputTokens: 500, outputTokens: 50, unpricedCalls: 1, share: 0.2 },
    ]);
  });
  it('draws a line per model, zero on days without calls', () => {
    const series = modelCostSeries(rows, ['2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z']);
    expect(series.map((s) => s.name)).toEqual(['gpt-4o', 'mini']);
    expect(series[1]!.points.map((p) => p?.v)).toEqual([0, 1, 0]);
  });
  it('puts the models past the top few on one line', () => {
    const many = ['a', 'b', 'c'].map((model, i) => ({ ...rows[0]!, model, costUsd: 3 - i }));
    expect(modelCostSeries(many, [], 1).map((s) => [s.name, s.points[0]?.v])).toEqual([['a', 3], [OTHER_MODELS, 3]]);
    expect(modelCostSeries(many, [], 2).map((s) => s.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('links to the executions behind a figure', () => {
  it('uses the explorer\'s own filters and keeps the project', () => {
    const href = tracesHref({ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', agent: 'support bot', outcome: 'escalated' }, 'p2');
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/traces');
    expect(url.searchParams.get('from')).toBe('2026-11-01T00:00:00.000Z');
    expect(url.searchParams.get('project')).toBe('p2');
    expect(filtersFromQuery(url.searchParams)).toMatchObject({ agent: 'support bot', outcome: 'escalated', model: '', sort: 'time' });
    const slow = new URL(tracesHref({ from: 'a', to: 'b', minDurationMs: 120_000, model: 'gpt-4o', sort: 'cost' }, null), 'http://x').searchParams;
    expect(filtersFromQuery(slow)).toMatchObject({ minDurationMs: '120000', model: 'gpt-4o', sort: 'cost' });
    expect(slow.has('project')).toBe(false);
  });
  it('opens the executions behind each tile', () => {
    const period = { from: 'f', to: 't' };
    expect(kpiLink(kpiDefinition('handoffRate'), period, 'bot', 60)).toEqual({ from: 'f', to: 't', agent: 'bot', outcome: 'escalated' });
    expect(kpiLink(kpiDefinition('costPerExecution'), period, '', 60)).toEqual({ from: 'f', to: 't', sort: 'cost' });
    expect(kpiLink(kpiDefinition('slaCompliance'), period, '', 60)).toEqual({ from: 'f', to: 't', minDurationMs: 60_000 });
    expect(kpiLink(kpiDefinition('slaCompliance'), period, '', null)).toEqual({ from: 'f', to: 't' });
  });
  it('describes the period', () => {
    expect(periodLength('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')).toBe('30 days');
    expect(periodLength('2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z')).toBe('24 hours');
    expect(utcText('2026-12-01T10:05:07.123Z')).toBe('2026-12-01 10:05 UTC');
    expect(dayRangeText('2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')).toBe('2026-11-01 – 2026-11-30');
    expect(dayRangeText('2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z')).toBe('2026-11-01');
  });
  it('clips a bucket to the period', () => {
    const period = { from: '2026-12-01T10:30:00.000Z', to: '2026-12-03T08:00:00.000Z' };
    expect(bucketRange('2026-12-01T00:00:00Z', 'day', period)).toEqual({ from: '2026-12-01T10:30:00.000Z', to: '2026-12-02T00:00:00.000Z' });
    expect(bucketRange('2026-12-03T00:00:00Z', 'day', period)).toEqual({ from: '2026-12-03T00:00:00.000Z', to: '2026-12-03T08:00:00.000Z' });
  });
  it('reads an agent\'s SLA from the policy, its own over the defaults', () => {
    const policy = { value: { defaults: { slaSeconds: 60 }, agents: { fast: { slaSeconds: 10 } } } };
    expect(slaSecondsOf(policy, 'fast')).toBe(10);
    expect(slaSecondsOf(policy, 'other')).toBe(60);
    expect(slaSecondsOf(null, 'any')).toBe(120);
  });
  it('knows when the policy gives executions no value', () => {
    expect(valueIsSet({ value: { agents: { a: { valuePerResolved: 4 } } } })).toBe(true);
    expect(valueIsSet({ value: { defaults: { slaSeconds: 60 } } })).toBe(false);
    expect(valueIsSet({})).toBe(false);
    expect(valueIsSet(null)).toBe(true);
  });
});
