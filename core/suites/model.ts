// A regression suite run as Vigil stores and compares it: the run (which suite, which agent version,
// totals) and one result per test case (pass/fail, a score per assertion, latency, cost, output, the
// trace it produced). Produced from promptfoo's evaluation results; pure data.

export interface AssertionResult {
  /** promptfoo's assertion type (e.g. "contains", "llm-rubric") or a Vigil check ("vigil:groundedness"). */
  type: string;
  pass: boolean;
  /** 0..1 as promptfoo reports it. */
  score: number;
  /** Why it failed (or passed), in the assertion's words. */
  reason: string;
}

export interface CaseResult {
  /** Stable across runs of the same suite: the test's description, else a hash of its variables. */
  caseId: string;
  description: string;
  pass: boolean;
  /** promptfoo's overall score for the case, 0..1. */
  score: number;
  assertions: AssertionResult[];
  latencyMs: number;
  costUsd: number;
  /** The agent's output, as text. */
  output: string;
  /** The execution the case produced, when the agent sent its traces to Vigil; '' otherwise. */
  traceId: string;
  /** The error when the provider failed (the case then fails). */
  error: string;
  vars: Record<string, string>;
}

export interface SuiteRun {
  id: string;
  suite: string;
  agent: string;
  agentVersion: string;
  gitCommit: string;
  startedAt: string;
  durationMs: number;
  cases: CaseResult[];
}

export interface RunTotals {
  cases: number;
  passed: number;
  failed: number;
  passRate: number;
  costUsd: number;
  /** Median case latency. */
  latencyP50Ms: number;
}

/** A run without its cases, with its totals: what GET /api/suites lists. */
export type RunSummary = Omit<SuiteRun, 'cases'> & RunTotals;

export function totalsOf(run: Pick<SuiteRun, 'cases'>): RunTotals {
  const passed = run.cases.filter((c) => c.pass).length;
  const latencies = run.cases.map((c) => c.latencyMs).sort((a, b) => a - b);
  const middle = Math.floor(latencies.length / 2);
  const latencyP50Ms = latencies.length === 0 ? 0 : latencies.length % 2 === 1 ? latencies[middle]! : (latencies[middle - 1]! + latencies[middle]!) / 2;
  return {
    cases: run.cases.length,
    passed,
    failed: run.cases.length - passed,
    passRate: run.cases.length === 0 ? 0 : passed / run.cases.length,
    costUsd: run.cases.reduce((sum, c) => sum + c.costUsd, 0),
    latencyP50Ms,
  };
}

/**
 * Cuts text from the agent under test (outputs run to megabytes) to `max` UTF-16 units, never through
 * a surrogate pair, and says how much went.
 */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max;
  return `${text.slice(0, end)}… [${text.length - end} more characters cut]`;
}
