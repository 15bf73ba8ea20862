// SLO burn: multiwindow, multi-burn-rate alerting on an error budget (Google SRE Workbook, ch. 5).
// Pure; the caller, every minute for each objective:
//   buckets = per-minute counts of the objective's executions over sloWindow(objective, now):
//     total, and bad (latency: duration > thresholdMs; success: failed), keyed by their end
//   result = checkSlo(objective, evaluateSlo(objective, buckets, now)), stored with
//     time = status.window.toMs (the end of the window judged)
export { evaluateSlo, type ErrorBudget, type RuleStatus, type SloStatus, type WindowBurn } from './burn.ts';
export { checkSlo, describeObjective, type SloLabel } from './check.ts';
export { sloWindow, type SloBucket, type SloObjective } from './objective.ts';
export { burnRules, WORKBOOK_RULES, type BurnRule, type Severity } from './rules.ts';
