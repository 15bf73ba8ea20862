// What the evaluations page computes from the summary and the list: flag series per check, the
// check × agent counts, the evaluator's lag in words, where a judgement's row leads, and tones.
import type { Evaluation, EvaluationSummary, EvaluatorHealthView } from '../../../server/evaluation-schemas.ts';
import { buildSeries, type Series } from './series.ts';
import { formatDuration } from './format.ts';
import { tracePath } from './routes.ts';

export type FlagMeasure = 'rate' | 'count';

/** One line per check: the share (or number) of its guardrail judgements that flagged, per bucket. */
export function flagSeries(summary: Pick<EvaluationSummary, 'series' | 'bucketSeconds'>, measure: FlagMeasure): Series[] {
  const points = summary.series.map((b) => ({ time: b.start, group: b.check, evaluated: b.evaluated, flagged: b.flagged }));
  // A bucket where nothing was judged has no rate: a gap, not 0 %.
  return buildSeries(points, (p) => (measure === 'count' ? p.flagged : p.evaluated > 0 ? p.flagged / p.evaluated : NaN), summary.bucketSeconds);
}

/** One count of the summary, with its flag rate. */
export type CountRow = EvaluationSummary['counts'][number] & {
  /** Flagged among the decided judgements; null when none was decided. */
  rate: number | null;
};

/** The summary's counts, most flagged first, with the flag rate among decided judgements. */
export function countRows(counts: EvaluationSummary['counts']): CountRow[] {
  return counts
    .map((c) => {
      const decided = c.evaluated - c.undecided;
      return { ...c, rate: decided > 0 ? c.flagged / decided : null };
    })
    .sort((a, b) => b.flagged - a.flagged || (b.rate ?? -1) - (a.rate ?? -1) || a.check.localeCompare(b.check) || a.agent.localeCompare(b.agent) || a.source.localeCompare(b.source));
}

/** Past this the evaluator is visibly late: flags arrive minutes after the execution. */
export const LAG_WARNING_SECONDS = 300;
const CAUGHT_UP_SECONDS = 15;

export interface EvaluatorState {
  text: string;
  warn: boolean;
}

/** "caught up" or "judging ~40 s behind"; a warning when the lag is large. */
export function evaluatorState(health: Pick<EvaluatorHealthView, 'running' | 'lagSeconds' | 'watermark'>): EvaluatorState {
  if (!health.running) return { text: 'not running in this process', warn: false };
  if (health.watermark === null) return { text: 'waiting for the first spans', warn: false };
  // A lag of a few seconds is the pass interval and the settle time at work, not a backlog.
  if (health.lagSeconds < CAUGHT_UP_SECONDS) return { text: 'caught up', warn: false };
  const seconds = Math.round(health.lagSeconds);
  const behind = seconds < 60 ? `${seconds} s` : formatDuration(seconds * 1000);
  return { text: `judging ~${behind} behind`, warn: health.lagSeconds >= LAG_WARNING_SECONDS };
}

export type JudgementTone = 'flagged' | 'passed' | 'undecided';

/** Passed judgements that could not decide (no context, judge unsure) read differently from a pass. */
export function judgementTone(e: Pick<Evaluation, 'passed' | 'label'>): JudgementTone {
  if (!e.passed) return 'flagged';
  return e.label === 'not_checkable' || e.label === 'unknown' ? 'undecided' : 'passed';
}

/** Where a judgement's row leads: its trace at the judged span, or for an agent-level judgement
 *  (drift, SLO burn) the SRE page for that agent, keeping the time range. */
export function judgementHref(e: Pick<Evaluation, 'traceId' | 'spanId' | 'agent'>, query: URLSearchParams): string {
  if (e.traceId) return tracePath(e.traceId, e.spanId || null);
  const sre = new URLSearchParams();
  for (const key of ['from', 'to']) {
    const value = query.get(key);
    if (value) sre.set(key, value);
  }
  if (e.agent) sre.set('agent', e.agent);
  const search = sre.toString();
  return `/sre${search ? `?${search}` : ''}`;
}

/** Scores differ by check (support 0–1, a count of findings, a ratio): three significant digits. */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return '–';
  if (Number.isInteger(score)) return String(score);
  if (Math.abs(score) < 0.005) return score > 0 ? '<0.01' : '>−0.01';
  return Math.abs(score) < 1 ? score.toFixed(2) : String(Number(score.toPrecision(3)));
}

/** A stable key for a judgement row (agent-level rows have no trace id). */
export function judgementKey(e: Pick<Evaluation, 'traceId' | 'spanId' | 'check' | 'source' | 'agent' | 'time'>): string {
  return `${e.traceId}/${e.spanId}/${e.check}/${e.source}/${e.agent}/${e.time}`;
}
