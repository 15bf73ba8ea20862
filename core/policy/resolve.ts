// The settings one agent's executions are checked with: built-in defaults, overridden by the
// policy's `checks`, overridden by its `agents.<name>.checks`.
import type { ChecksPolicy, PolicyDocument } from './schema.ts';

export interface ResolvedChecks {
  hallucination: { enabled: boolean; sample: number; mode: 'facts' | 'attribution'; threshold?: number };
  pii: { enabled: boolean; sample: number; kinds?: NonNullable<ChecksPolicy['pii']>['kinds'] };
  loop: { enabled: boolean; sample: number; maxRepeatedToolCalls: number; maxSteps?: number; maxTokens?: number; maxCostUsd?: number };
  cost_anomaly: { enabled: boolean; sample: number; threshold: number; minRatio: number; baselineDays: number };
  latency_drift: { enabled: boolean; recentMinutes?: number; minRatio?: number; alpha?: number; minSamples?: number };
}

/** What runs when the policy says nothing: every check on every execution, conservative limits. */
export const DEFAULT_CHECKS: ResolvedChecks = {
  hallucination: { enabled: true, sample: 1, mode: 'facts' },
  pii: { enabled: true, sample: 1 },
  loop: { enabled: true, sample: 1, maxRepeatedToolCalls: 3, maxSteps: 50 },
  cost_anomaly: { enabled: true, sample: 1, threshold: 5, minRatio: 2, baselineDays: 7 },
  latency_drift: { enabled: true },
};

function merge(base: ResolvedChecks, over: ChecksPolicy | undefined): ResolvedChecks {
  if (!over) return base;
  return {
    hallucination: { ...base.hallucination, ...over.hallucination },
    pii: { ...base.pii, ...over.pii },
    loop: { ...base.loop, ...over.loop },
    cost_anomaly: { ...base.cost_anomaly, ...over.cost_anomaly },
    latency_drift: { ...base.latency_drift, ...over.latency_drift },
  };
}

export function checksFor(policy: PolicyDocument, agent: string): ResolvedChecks {
  return merge(merge(DEFAULT_CHECKS, policy.checks), policy.agents?.[agent]?.checks);
}

export interface EvaluatorTiming {
  settleSeconds: number;
  quietSeconds: number;
}

export function evaluatorTiming(policy: PolicyDocument): EvaluatorTiming {
  return { settleSeconds: policy.evaluator?.settleSeconds ?? 10, quietSeconds: policy.evaluator?.quietSeconds ?? 120 };
}
