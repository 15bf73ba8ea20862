// Policies as code: the YAML file that says which guardrails run, with which thresholds and SLOs.
export { DEFAULT_POLICY, describeProblem, loadPolicyFile, parsePolicy, PolicyError, type Policy, type PolicyProblem } from './load.ts';
export { checksFor, DEFAULT_CHECKS, evaluatorTiming, type EvaluatorTiming, type ResolvedChecks } from './resolve.ts';
export { JudgeSettingsSchema, type JudgeSettings } from './judge.ts';
export { PolicySchema, type ChecksPolicy, type JudgePolicy, type PolicyDocument, type SloPolicy } from './schema.ts';
export { createPolicyStore, type PolicyStore } from './store.ts';
