// The per-execution guardrails the policy enables for an agent, run on one execution's facts.
// Pure: the cost baseline comes in as data, sampling is a hash of the trace id (the same execution
// is sampled the same way after a restart or a re-evaluation).
import { createHash } from 'node:crypto';
import type { ResolvedChecks } from '../core/policy/index.ts';
import { checkCost, type CostBaseline } from './checks/cost.ts';
import { checkHallucination } from './checks/hallucination.ts';
import { checkLoop } from './checks/loop.ts';
import { checkPii } from './checks/pii.ts';
import type { CheckName, CheckResult } from './checks/result.ts';
import type { ExecutionFacts } from './extract.ts';

/** True for a share `rate` of traces, the same traces every time for a given check. */
export function sampled(traceId: string, check: CheckName, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  const digest = createHash('sha256').update(`${check}:${traceId}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000 < rate;
}

export interface CheckOptions {
  /** Only this check (re-evaluation of one check); all enabled checks when undefined. */
  only?: CheckName;
  costBaseline?: CostBaseline;
}

export function runChecks(facts: ExecutionFacts, checks: ResolvedChecks, options: CheckOptions = {}): CheckResult[] {
  const results: CheckResult[] = [];
  const wanted = (check: CheckName, setting: { enabled: boolean; sample: number }) =>
    (options.only === undefined || options.only === check) && setting.enabled && sampled(facts.traceId, check, setting.sample);

  if (wanted('hallucination', checks.hallucination)) results.push(checkHallucination(facts, checks.hallucination));
  if (wanted('pii', checks.pii) && facts.answer) results.push(checkPii(facts.answer.spanId, facts.answer.text, checks.pii.kinds ? { kinds: checks.pii.kinds } : {}));
  if (wanted('loop', checks.loop)) {
    const { maxRepeatedToolCalls, maxSteps, maxTokens, maxCostUsd } = checks.loop;
    results.push(checkLoop(facts, { maxRepeatedToolCalls, maxSteps, maxTokens, maxCostUsd }));
  }
  // An execution that used an unpriced model has no comparable cost.
  if (wanted('cost_anomaly', checks.cost_anomaly) && !facts.costIncomplete) {
    results.push(checkCost(facts.costUsd, options.costBaseline, { threshold: checks.cost_anomaly.threshold, minRatio: checks.cost_anomaly.minRatio }));
  }
  return results;
}
