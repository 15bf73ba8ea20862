// The SLO burn verdict as a guardrail result: one per objective and evaluation.
import type { CheckResult } from '../checks/result.ts';
import { formatCount, formatDuration, formatPercent } from '../drift/format.ts';
import type { RuleStatus, SloStatus } from './burn.ts';
import type { SloObjective } from './objective.ts';

export type SloLabel = 'ok' | 'ticket' | 'page' | 'exhausted' | 'not_checkable';

/** `checkout p(≤2 min) 99%`, `checkout success 99.9%`. */
export function describeObjective(objective: SloObjective): string {
  const promise = objective.kind === 'latency' ? `p(≤${formatDuration(objective.thresholdMs ?? Number.NaN)})` : 'success';
  return `${objective.name} ${promise} ${formatPercent(objective.target)}`;
}

const times = (burnRate: number): string => `${Number(burnRate.toPrecision(2))}×`;

/** The rule that explains the alert: the most severe firing one, the fastest-burning among equals. */
function leadingRule(status: SloStatus): RuleStatus | undefined {
  const firing = status.rules.filter((r) => r.firing && r.severity === status.alert);
  return firing.sort((a, b) => b.long.burnRate - a.long.burnRate)[0];
}

function budgetSentence(objective: SloObjective, status: SloStatus): string {
  const { budget } = status;
  const days = `${objective.windowDays}-day error budget`;
  const counts = `${formatCount(Math.round(budget.spent))} of ${formatCount(Math.round(budget.allowed))} allowed bad executions`;
  return budget.remaining >= 0 ? `${formatPercent(budget.remainingFraction)} of the ${days} remains (${counts} spent)` : `the ${days} is overspent (${counts})`;
}

/**
 * Score: the long-window burn rate of the rule that fires (else the highest long-window burn rate);
 * 1 means the budget lasts exactly the window. `ticket`, `page` and `exhausted` (the window's budget
 * is overspent: the objective is missed) fail.
 */
export function checkSlo(objective: SloObjective, status: SloStatus): CheckResult {
  const name = describeObjective(objective);
  const rule = leadingRule(status);
  const highest = status.rules.reduce((best, r) => (r.long.burnRate > best.long.burnRate ? r : best), status.rules[0]!);
  // Burn-rate alerts say the budget is going fast; an overspent budget with no fast burn left still
  // means the objective is missed over its window, which is a flag of its own.
  const label: SloLabel =
    status.total === 0 ? 'not_checkable' : status.alert !== 'none' ? status.alert : status.budget.remaining < 0 ? 'exhausted' : 'ok';
  const explanation =
    label === 'not_checkable'
      ? `${name}: no executions in the last ${objective.windowDays} days to judge.`
      : rule !== undefined
        ? `${name}: burning ${times(rule.long.burnRate)} budget over ${formatDuration(rule.longMs)} and ${formatDuration(rule.shortMs)} (${rule.severity}); ${budgetSentence(objective, status)}.`
        : `${name}: burning at most ${times(highest.long.burnRate)} budget (over ${formatDuration(highest.longMs)}), no alert; ${budgetSentence(objective, status)}.`;
  return {
    check: 'slo_burn',
    spanId: '',
    score: (rule ?? highest).long.burnRate,
    label,
    passed: label === 'ok' || label === 'not_checkable',
    explanation,
    details: {
      objective,
      window: status.window,
      total: status.total,
      bad: status.bad,
      compliance: status.compliance,
      budget: status.budget,
      alert: status.alert,
      rules: status.rules,
    },
  };
}
