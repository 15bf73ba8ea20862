import { describe, expect, it } from 'vitest';
import { compareRuns, mcnemarExactP } from './compare.ts';
import type { AssertionResult, CaseResult, SuiteRun } from '../../core/suites/model.ts';

const assertion = (type: string, pass: boolean, reason = pass ? 'ok' : `${type} failed`): AssertionResult => ({ type, pass, score: pass ? 1 : 0, reason });

function result(caseId: string, pass: boolean, extra: Partial<CaseResult> = {}): CaseResult {
  return {
    caseId,
    description: caseId,
    pass,
    score: pass ? 1 : 0,
    assertions: [assertion('contains', pass)],
    latencyMs: 1000,
    costUsd: 0.01,
    output: `answer to ${caseId}`,
    traceId: '',
    error: '',
    vars: {},
    ...extra,
  };
}

function suiteRun(id: string, cases: CaseResult[], extra: Partial<SuiteRun> = {}): SuiteRun {
  return { id, suite: 'support', agent: 'support-bot', agentVersion: '1.0.0', gitCommit: 'abc123', startedAt: '2025-01-01T00:00:00Z', durationMs: 5000, cases, ...extra };
}

/** n cases that all pass, named c1..cn. */
const passing = (n: number) => Array.from({ length: n }, (_, i) => result(`c${i + 1}`, true));

describe('compareRuns', () => {
  it('finds nothing to report between identical runs', () => {
    const comparison = compareRuns(suiteRun('run', passing(4)), suiteRun('base', passing(4)));
    expect(comparison.regressed).toBe(false);
    expect(comparison.reasons).toEqual(['No case that passed in baseline run base fails now.']);
    expect([comparison.newlyFailing, comparison.newlyPassing, comparison.stillFailing, comparison.added, comparison.removed]).toEqual([[], [], [], [], []]);
    expect(comparison.cases.map((c) => [c.status, c.scoreDelta, c.assertionChanges])).toEqual(Array(4).fill(['still-passing', 0, []]));
    expect(comparison.passRate).toEqual({ run: 1, baseline: 1, delta: 0, ratio: 1 });
    expect(comparison.significance).toMatchObject({ broke: 0, fixed: 0, pValue: 1, note: 'No case changed between pass and fail among the 4 cases in both runs.' });
  });

  it('calls one newly failing case a regression and says which assertion broke and why', () => {
    const broken = result('refund policy', false, {
      score: 0.5,
      latencyMs: 1500,
      assertions: [assertion('contains', true), assertion('vigil:groundedness', false, 'claims a 90-day window the context does not give')],
    });
    const before = result('refund policy', true, { assertions: [assertion('contains', true), assertion('vigil:groundedness', true)] });
    const comparison = compareRuns(suiteRun('run', [broken, ...passing(3)]), suiteRun('base', [before, ...passing(3)]));

    expect(comparison.regressed).toBe(true);
    expect(comparison.reasons[0]).toBe('1 case that passed in baseline run base fails now, more than the tolerance of 0: "refund policy".');
    expect(comparison.newlyFailing.map((c) => c.caseId)).toEqual(['refund policy']);
    const [changed] = comparison.newlyFailing;
    expect(changed?.scoreDelta).toBe(-0.5);
    expect(changed?.latencyDeltaMs).toBe(500);
    expect(changed?.assertionChanges).toEqual([
      expect.objectContaining({ kind: 'started-failing', type: 'vigil:groundedness', reason: 'claims a 90-day window the context does not give', scoreDelta: -1 }),
    ]);
    expect(comparison.passRate.delta).toBe(-0.25);
  });

  it('allows as many newly failing cases as the tolerance, and no more', () => {
    const baseline = suiteRun('base', passing(5));
    const oneBroken = suiteRun('run', [result('c1', false), ...passing(5).slice(1)]);
    const twoBroken = suiteRun('run', [result('c1', false), result('c2', false), ...passing(5).slice(2)]);

    const within = compareRuns(oneBroken, baseline, { tolerance: 1 });
    expect(within.regressed).toBe(false);
    expect(within.reasons[0]).toBe('1 case that passed in baseline run base fails now, within the tolerance of 1: "c1".');
    expect(compareRuns(twoBroken, baseline, { tolerance: 1 }).regressed).toBe(true);
    expect(compareRuns(twoBroken, baseline, { tolerance: 2 }).regressed).toBe(false);
    expect(() => compareRuns(oneBroken, baseline, { tolerance: -1 })).toThrow(/tolerance must be a whole number/);
    expect(() => compareRuns(oneBroken, baseline, { tolerance: 0.5 })).toThrow(RangeError);
  });

  it('lists added and removed cases without counting them toward a regression', () => {
    const run = suiteRun('run', [...passing(2), result('new-failing', false), result('new-passing', true)]);
    const baseline = suiteRun('base', [...passing(2), result('dropped', true)]);
    const comparison = compareRuns(run, baseline);

    expect(comparison.regressed).toBe(false);
    expect(comparison.added.map((c) => c.caseId)).toEqual(['new-failing', 'new-passing']);
    expect(comparison.removed.map((c) => c.caseId)).toEqual(['dropped']);
    expect(comparison.removed[0]).toMatchObject({ scoreDelta: null, latencyDeltaMs: null, assertionChanges: [] });
    expect(comparison.removed[0]?.current).toBeUndefined();
    expect(comparison.cases.map((c) => c.caseId)).toEqual(['c1', 'c2', 'new-failing', 'new-passing', 'dropped']);
    expect(comparison.reasons).toEqual([
      'No case that passed in baseline run base fails now.',
      '1 of 2 added cases fails ("new-failing"); with no baseline result they do not count toward a regression.',
      '1 baseline case is not in this run ("dropped") and does not count.',
    ]);
    expect(comparison.passRate).toMatchObject({ run: 0.75, baseline: 1 });
    expect(comparison.significance.note).toBe('No case changed between pass and fail among the 2 cases in both runs.');
  });

  it('warns when the runs share no case', () => {
    const comparison = compareRuns(suiteRun('run', [result('x', true)], { suite: 'billing' }), suiteRun('base', passing(2)));
    expect(comparison.reasons).toContain('No case of the baseline is in this run, so nothing could be compared: check that the baseline is a run of the same suite.');
    expect(comparison.reasons).toContain('The baseline is a run of suite "support", this run of suite "billing".');
    expect(comparison.significance.note).toBe('No case is in both runs, so there is nothing to compare.');
  });

  it('tells a 2-case suite that both cases breaking could be chance', () => {
    const comparison = compareRuns(suiteRun('run', [result('a', false), result('b', false)]), suiteRun('base', [result('a', true), result('b', true)]));
    expect(comparison.regressed).toBe(true);
    expect(comparison.significance).toMatchObject({ broke: 2, fixed: 0, discordant: 2 });
    expect(comparison.significance.pValue).toBeCloseTo(0.5, 14);
    expect(comparison.significance.note).toBe(
      "2 cases broke and 0 were fixed (McNemar's exact test on the 2 changed cases: p = 0.5). " +
        'If a changed case were as likely to be fixed as to break, as with a flaky agent and no real change, a split at least this uneven would happen 50% of the time, ' +
        'so this could be chance; with 2 changed cases no split could reach p < 0.05, so more cases or repeated runs are needed to tell. Each newly failing case is still worth reading.',
    );
  });

  it('says when a lopsided split is unlikely to be noise, and when a split is even', () => {
    const lopsided = compareRuns(
      suiteRun('run', [...Array.from({ length: 10 }, (_, i) => result(`b${i}`, false)), result('f1', true), result('f2', true)]),
      suiteRun('base', [...Array.from({ length: 10 }, (_, i) => result(`b${i}`, true)), result('f1', false), result('f2', false)]),
    );
    expect(lopsided.significance.pValue).toBeCloseTo(0.03857421875, 12);
    expect(lopsided.significance.note).toMatch(/^10 cases broke and 2 were fixed \(McNemar's exact test on the 12 changed cases: p = 0.039\)\..* 3.9% of the time, so noise alone is an unlikely explanation\./);

    const even = compareRuns(suiteRun('run', [result('a', false), result('b', true)]), suiteRun('base', [result('a', true), result('b', false)]));
    expect(even.significance.note).toBe("1 case broke and 1 was fixed (McNemar's exact test on the 2 changed cases: p = 1): an even split, so no sign of a change either way overall.");
  });

  it('treats an all-failing baseline as nothing to regress from', () => {
    const baseline = suiteRun('base', ['a', 'b', 'c'].map((id) => result(id, false, { costUsd: 0, latencyMs: 800 })));
    const run = suiteRun('run', [result('a', true, { latencyMs: 1200 }), result('b', false), result('c', false)]);
    const comparison = compareRuns(run, baseline);

    expect(comparison.regressed).toBe(false);
    expect(comparison.newlyPassing.map((c) => c.caseId)).toEqual(['a']);
    expect(comparison.stillFailing.map((c) => c.caseId)).toEqual(['b', 'c']);
    expect(comparison.newlyPassing[0]?.assertionChanges).toEqual([expect.objectContaining({ kind: 'started-passing', type: 'contains' })]);
    expect(comparison.passRate).toMatchObject({ run: 1 / 3, baseline: 0, ratio: null });
    expect(comparison.costUsd).toMatchObject({ run: 0.03, baseline: 0, ratio: null });
    expect(comparison.latencyP50Ms).toEqual({ run: 1000, baseline: 800, delta: 200, ratio: 1.25 });
    expect(comparison.significance.note).toMatch(/^0 cases broke and 1 was fixed .*so this could be chance; with 1 changed case no split could reach p < 0\.05/);
    expect(comparison.significance.note).not.toMatch(/worth reading/);
  });

  it('pairs assertions by type and occurrence, and reports added, removed and rescored ones', () => {
    const before = result('a', true, { assertions: [assertion('contains', true), assertion('contains', true), { type: 'similar', pass: true, score: 0.9, reason: 'close' }, assertion('latency', true)] });
    const after = result('a', false, { assertions: [assertion('contains', true), assertion('contains', false, 'missing "30 days"'), { type: 'similar', pass: true, score: 0.8, reason: 'close' }, assertion('cost', false, 'over budget')] });
    const changes = compareRuns(suiteRun('run', [after]), suiteRun('base', [before])).cases[0]?.assertionChanges;
    expect(changes?.map((c) => [c.kind, c.type, c.index, c.reason])).toEqual([
      ['started-failing', 'contains', 1, 'missing "30 days"'],
      ['score-changed', 'similar', 2, 'close'],
      ['added', 'cost', 3, 'over budget'],
      ['removed', 'latency', 3, 'ok'],
    ]);
    expect(changes?.[1]?.scoreDelta).toBeCloseTo(-0.1, 12);
  });

  it('matches a repeated caseId by occurrence', () => {
    const comparison = compareRuns(suiteRun('run', [result('dup', true), result('dup', false)]), suiteRun('base', [result('dup', true), result('dup', true)]));
    expect(comparison.cases.map((c) => c.status)).toEqual(['still-passing', 'newly-failing']);
  });

  it('names at most five cases in a reason', () => {
    const comparison = compareRuns(suiteRun('run', passing(8).map((c) => ({ ...c, pass: false }))), suiteRun('base', passing(8)));
    expect(comparison.reasons[0]).toBe('8 cases that passed in baseline run base fail now, more than the tolerance of 0: "c1", "c2", "c3", "c4", "c5" and 3 more.');
  });
});

describe('mcnemarExactP', () => {
  it('matches the exact binomial two-sided p-value (scipy.stats.binomtest)', () => {
    expect(mcnemarExactP(3, 0)).toBeCloseTo(0.25, 14);
    expect(mcnemarExactP(0, 3)).toBeCloseTo(0.25, 14);
    expect(mcnemarExactP(5, 0)).toBeCloseTo(0.0625, 14);
    expect(mcnemarExactP(6, 0)).toBeCloseTo(0.03125, 14);
    expect(mcnemarExactP(10, 2)).toBeCloseTo(0.03857421875, 12);
    expect(mcnemarExactP(40, 25)).toBeCloseTo(0.08168153394154005, 10);
    expect(mcnemarExactP(600, 400) / 2.7284641560660184e-10).toBeCloseTo(1, 6);
  });

  it('is 1 for no change and for an even split', () => {
    expect(mcnemarExactP(0, 0)).toBe(1);
    expect(mcnemarExactP(4, 4)).toBe(1);
    expect(mcnemarExactP(1, 0)).toBe(1);
  });
});
