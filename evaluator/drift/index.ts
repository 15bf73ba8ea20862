// Latency drift: is a series (agent and model/operation) slower now than at this time of day on
// previous days? Pure; the caller, every policy.intervalMinutes for each series:
//   windows = driftWindows(now, policy)
//   recent / baseline = durations of the series' executions starting in windows.recent / in each
//     of windows.baseline (sampled to policy.maxSamples, see there), baseline days concatenated
//   result = checkDrift(series, detectDrift(baseline, recent, policy), windows), stored with
//     time = windows.recent.toMs (the end of the window judged)
export { checkDrift, driftLabel, type DriftLabel, type DriftSeries } from './check.ts';
export { detectDrift, type DriftResult } from './detect.ts';
export { kolmogorovSurvival, ksStatistic, ksTest, type KsTest } from './ks.ts';
export { DEFAULT_DRIFT_POLICY, evaluationAlpha, type DriftPolicy } from './policy.ts';
export { percentileOf, summarise, type LatencySummary } from './quantile.ts';
export { DAY_MS, driftWindows, MINUTE_MS, startOfMinute, type DriftWindows, type TimeWindow } from './windows.ts';
