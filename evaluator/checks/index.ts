// Guardrail checks: pure functions from an execution's data to a CheckResult.
export { checkPii, findPii, piiWords, redactPii, PII_KINDS, type PiiFinding, type PiiKind, type PiiOptions } from './pii.ts';
export { checkLoop, DEFAULT_LOOP_LIMITS, type ExecutionSteps, type LoopLimits, type ToolCallStep } from './loop.ts';
export { checkCost, costBaseline, MIN_BASELINE, type CostBaseline, type CostOptions } from './cost.ts';
