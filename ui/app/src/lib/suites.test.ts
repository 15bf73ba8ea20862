import { describe, expect, it } from 'vitest';
import type { RunComparison } from '../../../../evaluator/suites/compare.ts';
import { baselineFromQuery, caseGroups, uncomparedGroups, diffSides, diffText, passRatePoints, passRateTrend, runAt, runHref, shortCommit, signed, wordTokens, type RunSummary } from './suites.ts';

const join = (parts: { text: string }[]) => parts.map((p) => p.text).join('');

describe('diffText', () => {
  it('marks the words only in the baseline and only in this run, keeping spacing and lines', () => {
    const diff = diffText('Refunds within 30 days.\nThanks!', 'Refunds take 90 days.\nThanks!');
    expect(diff.granularity).toBe('words');
    expect(diff.parts).toEqual([
      { kind: 'same', text: 'Refunds ' },
      { kind: 'removed', text: 'within 30' },
      { kind: 'added', text: 'take 90' },
      { kind: 'same', text: ' days.\nThanks!' },
    ]);
    expect(diff.removedWords).toBe(2);
    expect(diff.addedWords).toBe(2);
    const sides = diffSides(diff.parts);
    expect(join(sides.baseline)).toBe('Refunds within 30 days.\nThanks!');
    expect(join(sides.current)).toBe('Refunds take 90 days.\nThanks!');
  });

  it('finds words kept between changes, not only a common start and end', () => {
    const diff = diffText('a b c d e', 'a x c d y e');
    expect(diff.parts.filter((p) => p.kind !== 'same')).toEqual([
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'added', text: ' y' },
    ]);
    expect(join(diffSides(diff.parts).current)).toBe('a x c d y e');
  });

  it('says nothing changed for equal texts, and handles empty sides', () => {
    expect(diffText('same text', 'same text')).toEqual({ parts: [{ kind: 'same', text: 'same text' }], granularity: 'words', removedWords: 0, addedWords: 0 });
    expect(diffText('', 'new answer')).toMatchObject({ parts: [{ kind: 'added', text: 'new answer' }], addedWords: 2, removedWords: 0 });
    expect(diffText('old', '')).toMatchObject({ parts: [{ kind: 'removed', text: 'old' }], removedWords: 1 });
    expect(diffText('', '').parts).toEqual([]);
  });

  it('falls back to lines, then to one block, when the texts are too long to diff word by word', () => {
    const before = 'one two\nthree four five\nsix\n';
    const after = 'one two\nTHREE four FIVE\nsix\n';
    const lines = diffText(before, after, 4);
    expect(lines.granularity).toBe('lines');
    expect(lines.parts).toEqual([
      { kind: 'same', text: 'one two\n' },
      { kind: 'removed', text: 'three four five\n' },
      { kind: 'added', text: 'THREE four FIVE\n' },
      { kind: 'same', text: 'six\n' },
    ]);
    const whole = diffText('a\nb\nc\nz', 'a\nx\ny\nw\nz', 2);
    expect(whole.granularity).toBe('whole');
    expect(whole.parts).toEqual([
      { kind: 'same', text: 'a\n' },
      { kind: 'removed', text: 'b\nc\n' },
      { kind: 'added', text: 'x\ny\nw\n' },
      { kind: 'same', text: 'z' },
    ]);
  });

  it('treats markup in an output as words like any other', () => {
    expect(wordTokens('<img src=x onerror=alert(1)>')).toEqual(['<img', ' ', 'src=x', ' ', 'onerror=alert(1)>']);
    expect(diffText('ok', '<img src=x onerror=alert(1)>').parts).toEqual([
      { kind: 'removed', text: 'ok' },
      { kind: 'added', text: '<img src=x onerror=alert(1)>' },
    ]);
  });
});

const summary = (id: string, startedAt: string, passRate: number, agentVersion = id): RunSummary => ({
  id,
  suite: 's',
  agent: 'a',
  agentVersion,
  gitCommit: '',
  startedAt,
  durationMs: 1,
  cases: 3,
  passed: Math.round(passRate * 3),
  failed: 3 - Math.round(passRate * 3),
  passRate,
  costUsd: 0,
  latencyP50Ms: 0,
});

describe('passRateTrend', () => {
  it('draws the runs oldest first, labelled by agent version, with room either side', () => {
    const runs = [summary('r3', '2026-12-01T12:00:00Z', 2 / 3), summary('r1', '2026-12-01T10:00:00Z', 1), summary('r2', '2026-12-01T11:00:00Z', 1, '')];
    const trend = passRateTrend(runs);
    const t = (iso: string) => Date.parse(iso);
    expect(trend.series).toEqual([{ name: 'pass rate', points: [{ t: t('2026-12-01T10:00:00Z'), v: 1 }, { t: t('2026-12-01T11:00:00Z'), v: 1 }, { t: t('2026-12-01T12:00:00Z'), v: 2 / 3 }] }]);
    expect(trend.labels).toEqual([{ t: t('2026-12-01T10:00:00Z'), text: 'r1' }, { t: t('2026-12-01T12:00:00Z'), text: 'r3' }]);
    expect(trend.from).toBeLessThan(t('2026-12-01T10:00:00Z'));
    expect(trend.to).toBeGreaterThan(t('2026-12-01T12:00:00Z'));
    expect(runAt(runs, t('2026-12-01T11:00:00Z'))?.id).toBe('r2');
  });

  it('spans an hour either side of a single run', () => {
    const trend = passRateTrend([summary('r1', '2026-12-01T10:00:00Z', 1)]);
    expect(trend.to - trend.from).toBe(2 * 3_600_000);
  });
});

describe('caseGroups', () => {
  it('puts newly failing first and still passing last and collapsed, leaving out empty groups', () => {
    const c = (caseId: string, status: string) => ({ caseId, status }) as unknown as RunComparison['cases'][number];
    const broke = c('b', 'newly-failing');
    const kept = c('k', 'still-passing');
    const added = c('n', 'added');
    const comparison = { cases: [kept, broke, added], newlyFailing: [broke], newlyPassing: [], stillFailing: [], added: [added], removed: [] } as unknown as RunComparison;
    const groups = caseGroups(comparison);
    expect(groups.map((g) => [g.title, g.cases.map((x) => x.caseId), g.open])).toEqual([
      ['Newly failing', ['b'], true],
      ['Added', ['n'], true],
      ['Still passing', ['k'], false],
    ]);
  });
});

describe('uncomparedGroups', () => {
  it('lists failing cases open and passing ones collapsed when there is no baseline', () => {
    const result = (caseId: string, pass: boolean) => ({ caseId, description: '', pass, score: pass ? 1 : 0, assertions: [], latencyMs: 1, costUsd: 0, output: '', traceId: '', error: '', vars: {} });
    const groups = uncomparedGroups([result('a', true), result('b', false), result('c', true)]);
    expect(groups.map((g) => [g.title, g.cases.map((c) => [c.caseId, c.status]), g.open])).toEqual([
      ['Failing', [['b', 'still-failing']], true],
      ['Passing', [['a', 'still-passing'], ['c', 'still-passing']], false],
    ]);
    expect(uncomparedGroups([result('a', true)]).map((g) => g.title)).toEqual(['Passing']);
  });
});

describe('formatting and links', () => {
  it('signs changes with a real minus and says ±0 for none', () => {
    expect(signed(-0.25, (v) => v.toFixed(2))).toBe('−0.25');
    expect(signed(3, String)).toBe('+3');
    expect(signed(0, String)).toBe('±0');
    expect(passRatePoints(-1 / 3)).toBe('−33 pts');
    expect(passRatePoints(0.01)).toBe('+1.0 pt');
  });
  it('shortens hex commits only', () => {
    expect(shortCommit('0123456789abcdef0123')).toBe('0123456789');
    expect(shortCommit('v1.2-rc')).toBe('v1.2-rc');
  });
  it('keeps the run and a named baseline in the URL', () => {
    expect(runHref('run 1')).toBe('/suites?run=run+1');
    expect(runHref('r2', 'r1')).toBe('/suites?run=r2&baseline=r1');
    expect(runHref('r2', 'last-passing')).toBe('/suites?run=r2');
    expect(baselineFromQuery(new URLSearchParams('run=r2'))).toBe('last-passing');
    expect(baselineFromQuery(new URLSearchParams('run=r2&baseline=r1'))).toBe('r1');
  });
});
