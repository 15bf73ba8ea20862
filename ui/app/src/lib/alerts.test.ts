import { describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../../server/alert-schemas.ts';
import {
  alertHref,
  appPath,
  buildLanes,
  describeLane,
  eventCondition,
  formatCondition,
  formatMetricValue,
  isSilenced,
  labelText,
  matchesStatus,
  placeLabels,
  ruleShapes,
  sortAlerts,
  statusFilterFromQuery,
  timeLeft,
} from './alerts.ts';

const T = (hhmm: string) => Date.parse(`2026-12-01T${hhmm}:00Z`);
const window = { from: T('10:00'), to: T('12:00') };

function event(fingerprint: string, kind: AlertEvent['kind'], hhmm: string, notified = kind !== 'pending' && kind !== 'inactive'): AlertEvent {
  return {
    id: `${fingerprint}-${kind}-${hhmm}`,
    fingerprint,
    rule: `rule-${fingerprint}`,
    severity: 'warning',
    labels: { agent: `bot-${fingerprint}` },
    kind,
    at: new Date(T(hhmm)).toISOString(),
    value: 0.12,
    threshold: 0.05,
    summary: '',
    notified,
    channels: notified ? ['slack'] : [],
    executions: [],
    policyHash: 'abc',
  };
}

function alert(fingerprint: string, status: Alert['status'], since: string, extra: Partial<Alert> = {}): Alert {
  return {
    fingerprint,
    rule: `rule-${fingerprint}`,
    metric: 'hallucination_rate',
    severity: 'warning',
    labels: {},
    status,
    summary: '',
    value: 0.12,
    threshold: 0.05,
    op: 'above',
    samples: 48,
    since,
    firingSince: status === 'firing' ? since : null,
    lastNotifiedAt: null,
    evaluatedAt: since,
    silencedUntil: null,
    executions: [],
    links: { alert: '' },
    policyHash: 'abc',
    ...extra,
  };
}

describe('conditions', () => {
  it('reads value, operator and threshold in the metric unit', () => {
    expect(formatCondition({ metric: 'hallucination_rate', value: 0.12, threshold: 0.05, op: 'above' })).toBe('12% > 5%');
    expect(formatCondition({ metric: 'error_rate', value: 0.004, threshold: 0.01, op: 'below' })).toBe('0.4% < 1%');
    expect(formatCondition({ metric: 'cost_per_execution', value: 0.731, threshold: 0.5, op: 'above' })).toBe('$0.731 > $0.5');
    expect(formatCondition({ metric: 'evaluator_lag', value: 420, threshold: 300, op: 'above' })).toBe('7 m 00 s > 5 m 00 s');
    expect(formatCondition({ metric: 'slo_burn', value: 14.42, threshold: 1, op: 'above' })).toBe('14.4× > 1×');
    expect(formatCondition({ metric: 'pii_found', value: 3, threshold: 0, op: 'above' })).toBe('3 > 0');
  });
  it('never prints float noise or NaN', () => {
    expect(formatMetricValue('slo_burn', 0.1 + 0.2)).toBe('0.3×');
    expect(formatMetricValue('latency_drift', 1.23456)).toBe('1.23×');
    expect(formatMetricValue('judge_unavailable', 3)).toBe('3');
    expect(formatMetricValue('loops', Number.NaN)).toBe('–');
  });
  it('reads an event like its rule, or as plain numbers once the rule is gone', () => {
    const shapes = ruleShapes([alert('a', 'firing', '2026-12-01T11:00:00Z')]);
    expect(eventCondition({ value: 0.2, threshold: 0.05 }, shapes.get('rule-a'))).toBe('20% > 5%');
    expect(eventCondition({ value: 0.2, threshold: 0.05 }, shapes.get('gone'))).toBe('0.2 vs 0.05');
  });
  it('lists labels sorted, and says when an alert spans every agent', () => {
    expect(labelText({ model: 'gpt-4o', agent: 'support-bot' })).toBe('agent=support-bot, model=gpt-4o');
    expect(labelText({})).toBe('all agents');
  });
});

describe('current alerts', () => {
  it('puts firing before pending, critical first, the newest change first', () => {
    const sorted = sortAlerts([
      alert('r', 'resolved', '2026-12-01T11:59:00Z'),
      alert('p', 'pending', '2026-12-01T11:50:00Z'),
      alert('fw', 'firing', '2026-12-01T11:00:00Z'),
      alert('fc', 'firing', '2026-12-01T10:00:00Z', { severity: 'critical' }),
      alert('fw2', 'firing', '2026-12-01T11:30:00Z'),
    ]);
    expect(sorted.map((a) => a.fingerprint)).toEqual(['fc', 'fw2', 'fw', 'p', 'r']);
  });
  it('knows when a silence has run out', () => {
    expect(isSilenced('2026-12-01T12:00:00Z', T('11:59'))).toBe(true);
    expect(isSilenced('2026-12-01T12:00:00Z', T('12:01'))).toBe(false);
    expect(isSilenced(null, T('12:00'))).toBe(false);
    expect(timeLeft('2026-12-01T12:00:00Z', T('11:15'))).toBe('45 min');
    expect(timeLeft('2026-12-01T14:10:00Z', T('11:00'))).toBe('3 h 10 min');
    expect(timeLeft('2026-12-04T03:00:00Z', T('11:00'))).toBe('2 d 16 h');
    expect(timeLeft('2026-12-01T10:00:00Z', T('11:00'))).toBe('ended');
  });
  it('reads the status filter from the URL, active by default', () => {
    expect(statusFilterFromQuery(new URLSearchParams('status=resolved'))).toBe('resolved');
    expect(statusFilterFromQuery(new URLSearchParams('status=bogus'))).toBe('active');
    expect(['firing', 'pending', 'resolved', 'inactive'].filter((s) => matchesStatus(s as Alert['status'], 'active'))).toEqual(['firing', 'pending']);
    expect(matchesStatus('inactive', 'all')).toBe(true);
    expect(matchesStatus('resolved', 'firing')).toBe(false);
  });
});

describe('timeline lanes', () => {
  it('draws pending then firing then resolved as two closed intervals', () => {
    const [lane] = buildLanes([event('a', 'resolved', '11:00'), event('a', 'firing', '10:20'), event('a', 'pending', '10:10')], window);
    expect(lane!.intervals).toEqual([
      { kind: 'pending', start: T('10:10'), end: T('10:20'), openStart: false, openEnd: false },
      { kind: 'firing', start: T('10:20'), end: T('11:00'), openStart: false, openEnd: false },
    ]);
    expect(lane!.marks.map((m) => m.kind)).toEqual(['firing', 'resolved']);
    expect(lane!.now).toBeNull();
    expect(describeLane(lane!)).toBe('not active now; fired once in view; pending once');
  });
  it('runs a still-firing alert to the end of the range and a resolve seen alone from the start', () => {
    const lanes = buildLanes([event('a', 'firing', '11:30'), event('a', 'renotify', '11:45'), event('b', 'resolved', '10:30')], window);
    expect(lanes.map((l) => l.fingerprint)).toEqual(['a', 'b']);
    expect(lanes[0]!.intervals).toEqual([{ kind: 'firing', start: T('11:30'), end: T('12:00'), openStart: false, openEnd: true }]);
    expect(lanes[0]!.now).toBe('firing');
    expect(lanes[1]!.intervals).toEqual([{ kind: 'firing', start: T('10:00'), end: T('10:30'), openStart: true, openEnd: false }]);
  });
  it('ends a pending that never fired at "inactive", and infers pending before the edge', () => {
    const [lane] = buildLanes([event('a', 'inactive', '10:05'), event('a', 'pending', '11:00'), event('a', 'inactive', '11:10')], window);
    expect(lane!.intervals.map((i) => [i.kind, i.start, i.end, i.openStart])).toEqual([
      ['pending', T('10:00'), T('10:05'), true],
      ['pending', T('11:00'), T('11:10'), false],
    ]);
    expect(lane!.marks).toEqual([]);
  });
  it('keeps one lane per fingerprint across several episodes, firing lanes first', () => {
    const lanes = buildLanes(
      [event('old', 'firing', '10:01'), event('old', 'resolved', '10:02'), event('old', 'firing', '10:40'), event('old', 'resolved', '10:50'), event('p', 'pending', '11:58')],
      window,
    );
    expect(lanes.map((l) => [l.fingerprint, l.now, l.intervals.length])).toEqual([['p', 'pending', 1], ['old', null, 2]]);
  });
  it('gives current alerts without events in view a lane across the range', () => {
    const lanes = buildLanes([], window, [alert('x', 'firing', '2026-11-30T00:00:00Z'), alert('y', 'resolved', '2026-12-01T11:00:00Z'), alert('z', 'pending', '2026-12-01T11:50:00Z')]);
    expect(lanes.map((l) => [l.fingerprint, l.intervals[0]!.start, l.intervals[0]!.openStart])).toEqual([
      ['x', T('10:00'), true],
      ['z', T('11:50'), false],
    ]);
  });
  it('puts a word inside its bar, else beside it, never over a neighbour', () => {
    const placed = placeLabels(
      [
        { x0: 0, x1: 100, text: 'pending', rank: 1 },
        { x0: 100, x1: 110, text: 'firing', rank: 0 },
        { x0: 300, x1: 302, text: 'pending', rank: 1 },
        { x0: 303, x1: 304, text: 'firing', rank: 0 },
      ],
      400,
    );
    expect(placed.map((p) => p && [p.x, p.anchor, p.inside])).toEqual([[4, 'start', true], [114, 'start', false], [296, 'end', false], [308, 'start', false]]);
    expect(placeLabels([{ x0: 0, x1: 5, text: 'firing now' }, { x0: 20, x1: 60, text: 'pending' }], 60)).toEqual([null, null]);
    // Squeezed at the right edge, the firing word wins the only room there is.
    const edge = placeLabels([{ x0: 990, x1: 991, text: 'pending', rank: 1 }, { x0: 991, x1: 992, text: 'firing', rank: 0 }], 1000);
    expect(edge).toEqual([null, { x: 987, anchor: 'end', inside: false, text: 'firing' }]);
  });
  it('leaves out events outside the range', () => {
    expect(buildLanes([event('a', 'firing', '09:00')], window)).toEqual([]);
  });
});

describe('links', () => {
  it('selects an alert in the URL, keeping the range', () => {
    expect(alertHref(new URLSearchParams('from=7d&alert=old'), 'f1')).toBe('/alerts?from=7d&alert=f1');
    expect(alertHref(new URLSearchParams('alert=f1'), null)).toBe('/alerts');
  });
  it('opens server links here, and nothing that is not an app page', () => {
    expect(appPath('https://vigil.example.com/evaluations?check=hallucination&agent=a')).toBe('/evaluations?check=hallucination&agent=a');
    expect(appPath('javascript:alert(1)')).toBeNull();
    expect(appPath('https://x.example/api/alerts')).toBeNull();
    expect(appPath(undefined)).toBeNull();
  });
});
