// The windowed guardrails, once a minute: latency drift per agent (its executions) and per model
// (its LLM calls), and the burn rate of every SLO in the policy. Each judgement is about an agent
// as a whole: trace '' and, as its span, the series it judged; its time is the end of the window.
import type { Store } from '../core/clickhouse/client.ts';
import { insertEvaluations } from '../core/evaluations/repository.ts';
import type { EvaluationRow } from '../core/evaluations/row.ts';
import { evaluationsStored } from '../core/metrics.ts';
import { checksFor, type Policy, type PolicyStore, type ResolvedChecks, type SloPolicy } from '../core/policy/index.ts';
import type { CheckResult } from './checks/result.ts';
import { checkDrift, DEFAULT_DRIFT_POLICY, detectDrift, driftWindows, type DriftPolicy } from './drift/index.ts';
import { checkSlo, evaluateSlo, sloWindow } from './slo/index.ts';
import { readActiveSeries, readDurations, readSloBuckets, type Series } from './windowed-store.ts';

const MINUTE_MS = 60_000;

/** The drift settings of the policy (per agent) over the statistically argued defaults. */
export function driftPolicyOf(checks: ResolvedChecks): DriftPolicy {
  const d = checks.latency_drift;
  const minSamples = d.minSamples ?? DEFAULT_DRIFT_POLICY.minSamples;
  return {
    ...DEFAULT_DRIFT_POLICY,
    ...(d.recentMinutes === undefined ? {} : { recentMinutes: d.recentMinutes }),
    ...(d.minRatio === undefined ? {} : { minRatio: d.minRatio }),
    ...(d.alpha === undefined ? {} : { alpha: d.alpha }),
    minSamples,
    minBaselineSamples: d.minSamples === undefined ? DEFAULT_DRIFT_POLICY.minBaselineSamples : 5 * minSamples,
  };
}

function row(projectId: string, agent: string, subject: string, timeMs: number, result: CheckResult, policy: Policy): EvaluationRow {
  return {
    project_id: projectId,
    time: `${BigInt(timeMs) * 1_000_000n}`,
    trace_id: '',
    span_id: subject,
    check: result.check,
    source: 'guardrail',
    agent_name: agent,
    score: Number.isFinite(result.score) ? result.score : 0,
    label: result.label,
    passed: result.passed,
    explanation: result.explanation,
    details: JSON.stringify(result.details ?? {}),
    policy_hash: policy.hash,
    trace_version: timeMs,
  };
}

async function judgeDrift(store: Store, policy: Policy, projectId: string, series: Series, nowMs: number): Promise<EvaluationRow | undefined> {
  const checks = checksFor(policy.document, series.agent);
  if (!checks.latency_drift.enabled) return undefined;
  const drift = driftPolicyOf(checks);
  const windows = driftWindows(nowMs, drift);
  const recent = await readDurations(store.client, projectId, series, [windows.recent], drift.maxSamples.recent);
  // Nothing to judge yet in the recent window: no row (an idle agent is not "not checkable" every minute).
  if (recent.length === 0) return undefined;
  const perDay = Math.ceil(drift.maxSamples.baseline / windows.baseline.length);
  const baseline = await readDurations(store.client, projectId, series, windows.baseline, perDay);
  const result = checkDrift({ agent: series.agent, operation: series.operation }, detectDrift(baseline, recent, drift), windows);
  return row(projectId, series.agent, series.key, windows.recent.toMs, result, policy);
}

async function judgeSlo(store: Store, policy: Policy, projectId: string, slo: SloPolicy, nowMs: number): Promise<EvaluationRow | undefined> {
  const window = sloWindow(slo, nowMs);
  const buckets = await readSloBuckets(store.client, projectId, slo, window, nowMs);
  if (buckets.length === 0) return undefined;
  const status = evaluateSlo(slo, buckets, nowMs);
  return row(projectId, slo.agent ?? '', `slo:${slo.name}`, status.window.toMs, checkSlo(slo, status), policy);
}

export interface WindowedChecks {
  runOnce(nowMs?: number): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createWindowedChecks(store: Store, policyStore: PolicyStore, options: { now?: () => number; log?: (m: string) => void } = {}): WindowedChecks {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((m: string) => console.error(m));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;

  async function runOnce(nowMs = now()): Promise<number> {
    const policy = policyStore.current();
    const rows: EvaluationRow[] = [];
    // Series with traffic in the longest recent window any agent's drift settings use.
    const recentMinutes = [policy.document.checks, ...Object.values(policy.document.agents ?? {}).map((a) => a.checks)].map((c) => c?.latency_drift?.recentMinutes ?? 0);
    const lookbackMs = Math.max(DEFAULT_DRIFT_POLICY.recentMinutes, ...recentMinutes) * MINUTE_MS;
    for (const { projectId, series } of await readActiveSeries(store.client, nowMs - lookbackMs - 5 * MINUTE_MS, nowMs)) {
      for (const one of series) {
        const judged = await judgeDrift(store, policy, projectId, one, nowMs);
        if (judged) rows.push(judged);
      }
      for (const slo of policy.document.slos ?? []) {
        const judged = await judgeSlo(store, policy, projectId, slo, nowMs);
        if (judged) rows.push(judged);
      }
    }
    await insertEvaluations(store, rows);
    for (const r of rows) evaluationsStored.inc({ check: r.check, result: r.passed ? 'passed' : 'flagged' });
    return rows.length;
  }

  function schedule(): void {
    if (stopped) return;
    // On the minute, plus a few seconds for the last minute's spans to land.
    const delay = MINUTE_MS - (now() % MINUTE_MS) + 5_000;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((error: unknown) => log(`evaluator: windowed checks: ${(error as Error).message}`))
        .finally(schedule);
    }, delay);
    timer.unref();
  }

  return {
    runOnce,
    start() {
      // A first pass at start, so a fresh Vigil (and the demo) shows drift and SLO state at once.
      running = runOnce().catch((error: unknown) => log(`evaluator: windowed checks: ${(error as Error).message}`)).finally(schedule);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
