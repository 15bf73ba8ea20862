import { describe, expect, it } from 'vitest';
import { countRows, evaluatorState, flagSeries, formatScore, judgementHref, judgementTone } from './evaluations.ts';
import { evaluationFiltersFromQuery, evaluationFiltersToQuery, evaluationListParams, DEFAULT_EVALUATION_FILTERS } from './evaluationFilters.ts';

describe('flag series', () => {
  const summary = {
    bucketSeconds: 60,
    series: [
      { check: 'pii', start: '2026-12-01T10:00:00Z', evaluated: 10, flagged: 1 },
      { check: 'pii', start: '2026-12-01T10:03:00Z', evaluated: 4, flagged: 2 },
      { check: 'hallucination', start: '2026-12-01T10:00:00Z', evaluated: 0, flagged: 0 },
    ],
  };
  it('draws the flag rate per check with a gap where no bucket was judged', () => {
    const series = flagSeries(summary, 'rate');
    expect(series.map((s) => s.name)).toEqual(['pii']);
    expect(series[0]!.points).toEqual([{ t: Date.parse('2026-12-01T10:00:00Z'), v: 0.1 }, null, { t: Date.parse('2026-12-01T10:03:00Z'), v: 0.5 }]);
  });
  it('or the flag count', () => {
    expect(flagSeries(summary, 'count')[1]!.points.filter((p) => p).map((p) => p!.v)).toEqual([1, 2]);
  });
});

describe('counts and status', () => {
  it('rates flags among decided judgements, most flagged first', () => {
    const rows = countRows([
      { check: 'cost_anomaly', agent: 'a', source: 'guardrail', evaluated: 5, flagged: 0, undecided: 5 },
      { check: 'pii', agent: 'a', source: 'guardrail', evaluated: 10, flagged: 2, undecided: 0 },
    ]);
    expect(rows.map((r) => [r.check, r.rate])).toEqual([['pii', 0.2], ['cost_anomaly', null]]);
  });
  it('says how far behind the evaluator is and warns when it is late', () => {
    expect(evaluatorState({ running: true, lagSeconds: 1, watermark: 'x' })).toEqual({ text: 'caught up', warn: false });
    expect(evaluatorState({ running: true, lagSeconds: 42, watermark: 'x' })).toEqual({ text: 'judging ~42 s behind', warn: false });
    expect(evaluatorState({ running: true, lagSeconds: 200.4, watermark: 'x' }).text).toBe('judging ~3 m 20 s behind');
    expect(evaluatorState({ running: true, lagSeconds: 900, watermark: 'x' }).warn).toBe(true);
    expect(evaluatorState({ running: false, lagSeconds: 0, watermark: null }).text).toMatch(/not running/);
  });
  it('tells flags, passes and undecided judgements apart', () => {
    expect(judgementTone({ passed: false, label: 'unsupported' })).toBe('flagged');
    expect(judgementTone({ passed: true, label: 'not_checkable' })).toBe('undecided');
    expect(judgementTone({ passed: true, label: 'grounded' })).toBe('passed');
    expect(formatScore(0.0042)).toBe('<0.01');
    expect(formatScore(0.4321)).toBe('0.43');
    expect(formatScore(3)).toBe('3');
    expect(formatScore(12.345)).toBe('12.3');
  });
});

describe('links and filters', () => {
  it('leads to the judged span, or to the SRE page for an agent-level judgement', () => {
    const q = new URLSearchParams('from=1h&check=pii');
    expect(judgementHref({ traceId: 'abc', spanId: 's1', agent: 'bot' }, q)).toBe('/traces/abc?span=s1');
    expect(judgementHref({ traceId: 'abc', spanId: '', agent: 'bot' }, q)).toBe('/traces/abc');
    expect(judgementHref({ traceId: '', spanId: '', agent: 'support bot' }, q)).toBe('/sre?from=1h&agent=support+bot');
  });
  it('keeps the filters in the URL with "flagged only" on by default', () => {
    expect(evaluationFiltersFromQuery(new URLSearchParams('check=nope&source=judge&agent=%20a%20'))).toEqual({ check: '', agent: 'a', source: 'judge', flaggedOnly: true });
    const query = new URLSearchParams('from=1h');
    evaluationFiltersToQuery({ ...DEFAULT_EVALUATION_FILTERS, check: 'pii', flaggedOnly: false }, query);
    expect(query.toString()).toBe('from=1h&check=pii&flagged=all');
    expect(evaluationListParams(DEFAULT_EVALUATION_FILTERS)).toEqual({ flagged: 'true' });
  });
});
