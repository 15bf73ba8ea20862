// How an alert reads to people: its one-line summary and the links into the UI. Pure.
import type { AlertMetric, AlertRulePolicy } from '../../core/policy/alerts.ts';
import type { AlertNotification } from './formats/notification.ts';

const METRIC_WORDS: Record<AlertMetric, string> = {
  hallucination_rate: 'hallucination rate',
  latency_drift: 'latency drift (p95 ratio)',
  slo_burn: 'SLO burn rate',
  cost_per_execution: 'cost per execution',
  error_rate: 'error rate',
  pii_found: 'leaking personal data',
  loops: 'caught in a loop',
  judge_unavailable: 'LLM judge calls in a row without a verdict',
  evaluator_lag: 'evaluator lag',
};

/** A metric's value as people read it: rates in %, costs in $, lag in s, counts as counts. */
export function formatMetric(metric: AlertMetric, value: number): string {
  const n = (x: number, digits = 3) => String(Number(x.toPrecision(digits)));
  switch (metric) {
    case 'hallucination_rate':
    case 'error_rate': return `${n(value * 100)}%`;
    case 'cost_per_execution': return `$${n(value, 4)}`;
    case 'evaluator_lag': return `${Math.round(value)} s`;
    case 'latency_drift':
    case 'slo_burn': return `${n(value, 2)}×`;
    default: return String(Math.round(value));
  }
}

const COUNTS: ReadonlySet<AlertMetric> = new Set(['pii_found', 'loops', 'judge_unavailable']);
const WINDOWED: ReadonlySet<AlertMetric> = new Set(['hallucination_rate', 'cost_per_execution', 'error_rate', 'pii_found', 'loops']);

function subject(labels: Record<string, string>): string {
  // Drift series are named "agent:<name>" or "model:<name>".
  const series = labels.series?.replace(':', ' ');
  const parts = [labels.slo ? `SLO "${labels.slo}"` : '', labels.agent ?? '', series && labels.series !== `agent:${labels.agent}` ? series : ''].filter(Boolean);
  return parts.length ? ` for ${parts.join(' ')}` : '';
}

/** "hallucination rate 12% above 5% for support-bot over 15 min (48 executions)". */
export function summarize(rule: AlertRulePolicy, threshold: number, labels: Record<string, string>, value: number, samples: number): string {
  // The windowed checks decide themselves whether drift or a burn is real; the threshold only says how bad it must be.
  const bar = threshold > 0 ? ` (alerting ${rule.op} ${formatMetric(rule.metric, threshold)})` : '';
  if (rule.metric === 'latency_drift') {
    return value > 0 ? `p95 latency ${formatMetric(rule.metric, value)} its baseline${subject(labels)}${bar}` : `no latency drift${subject(labels)}`;
  }
  if (rule.metric === 'slo_burn') {
    const who = labels.agent ? ` (${labels.agent})` : '';
    return value > 0 ? `SLO "${labels.slo}"${who} burning its error budget at ${formatMetric(rule.metric, value)}${bar}` : `SLO "${labels.slo}"${who} within its error budget`;
  }
  const over = WINDOWED.has(rule.metric) ? ` over ${rule.windowMinutes} min (${samples} execution${samples === 1 ? '' : 's'}${COUNTS.has(rule.metric) ? ' judged' : ''})` : '';
  if (COUNTS.has(rule.metric)) {
    const count = Math.round(value);
    const what = rule.metric === 'judge_unavailable' ? METRIC_WORDS[rule.metric] : `execution${count === 1 ? '' : 's'} ${METRIC_WORDS[rule.metric]}`;
    return `${count} ${what}${subject(labels)}${over}${bar}`;
  }
  return `${METRIC_WORDS[rule.metric]} ${formatMetric(rule.metric, value)} ${rule.op} ${formatMetric(rule.metric, threshold)}${subject(labels)}${over}`;
}

const EVALUATION_CHECK: Partial<Record<AlertMetric, string>> = {
  hallucination_rate: 'hallucination',
  pii_found: 'pii',
  loops: 'loop',
  latency_drift: 'latency_drift',
  slo_burn: 'slo_burn',
};

export function alertLinks(publicUrl: string, metric: AlertMetric, fingerprint: string, labels: Record<string, string>, traceIds: readonly string[]): AlertNotification['links'] {
  const check = EVALUATION_CHECK[metric];
  const query = new URLSearchParams();
  if (check) query.set('check', check);
  if (labels.agent) query.set('agent', labels.agent);
  return {
    alert: `${publicUrl}/alerts?alert=${fingerprint}`,
    ...(check ? { evaluations: `${publicUrl}/evaluations?${query}` } : {}),
    executions: traceIds.map((traceId) => ({ traceId, url: `${publicUrl}/traces/${traceId}` })),
  };
}
