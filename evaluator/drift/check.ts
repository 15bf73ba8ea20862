// The drift verdict as a guardrail result: one per series (agent and model/operation) and evaluation.
import type { CheckResult } from '../checks/result.ts';
import type { DriftResult } from './detect.ts';
import { formatCount, formatDuration, formatPercent, formatPValue } from './format.ts';
import type { DriftWindows } from './windows.ts';

export interface DriftSeries {
  readonly agent: string;
  /** The model or operation within the agent, e.g. `chat gpt-4o`; '' for the agent as a whole. */
  readonly operation: string;
}

export type DriftLabel = 'ok' | 'slower' | 'faster' | 'not_checkable';

export function driftLabel(result: DriftResult): DriftLabel {
  if (!result.enough) return 'not_checkable';
  if (!result.shifted) return 'ok';
  return result.direction;
}

function signedPercent(magnitude: number): string {
  return `${magnitude >= 0 ? '+' : '−'}${formatPercent(Math.abs(magnitude))}`;
}

function explain(name: string, result: DriftResult, label: DriftLabel): string {
  const { recent, baseline, compared, criteria } = result;
  const previous = `over the previous ${criteria.baselineDays} days`;
  if (label === 'not_checkable') {
    return (
      `${name}: too few executions to judge latency drift (${formatCount(recent.count)} in the last ${criteria.recentMinutes} min, ` +
      `${formatCount(criteria.minSamples)} needed; ${formatCount(baseline.count)} at this time of day ${previous}, ${formatCount(criteria.minBaselineSamples)} needed).`
    );
  }
  const evidence = `${signedPercent(result.magnitude)}, KS ${formatPValue(result.ks.pValue)}, ${formatCount(recent.count)} vs ${formatCount(baseline.count)} executions`;
  const comparison =
    `p${compared.percentile} ${formatDuration(compared.recent)} over the last ${criteria.recentMinutes} min ` +
    `vs ${formatDuration(compared.baseline)} at this time of day ${previous}`;
  const within = result.ratio < criteria.minRatio && result.ratio > 1 / criteria.minRatio;
  const verdict =
    label === 'slower' ? '' : label === 'faster' ? '; faster, not flagged' : within ? `; within the ${criteria.minRatio}× threshold` : '; not significant at this sample size';
  return `${name}: ${comparison} (${evidence})${verdict}.`;
}

/**
 * Score: the recent/baseline ratio at the compared percentile (1 = unchanged; 1 when it cannot be
 * measured). Only `slower` fails; `faster` is reported and passes.
 */
export function checkDrift(series: DriftSeries, result: DriftResult, windows?: DriftWindows): CheckResult {
  const label = driftLabel(result);
  const name = series.operation === '' ? series.agent : `${series.agent} ${series.operation}`;
  return {
    check: 'latency_drift',
    spanId: '',
    score: Number.isFinite(result.ratio) ? result.ratio : 1,
    label,
    passed: label !== 'slower',
    explanation: explain(name, result, label),
    details: {
      agent: series.agent,
      operation: series.operation,
      compared: result.compared,
      ratio: result.ratio,
      confidence: result.confidence,
      ks: result.ks,
      recent: { ...result.recent, ...(windows && { window: windows.recent }) },
      baseline: { ...result.baseline, ...(windows && { windows: windows.baseline }) },
      criteria: result.criteria,
    },
  };
}
