// What every guardrail check returns: one judgement about an execution (or one of its spans, or an
// agent as a whole for windowed checks), before the evaluator adds project, trace, policy and time.

export const CHECKS = ['hallucination', 'latency_drift', 'cost_anomaly', 'slo_burn', 'pii', 'loop'] as const;
export type CheckName = (typeof CHECKS)[number];

export interface CheckResult {
  readonly check: CheckName;
  /** The span the judgement is about ('' for the execution or agent as a whole). */
  readonly spanId: string;
  /** Check-specific score; documented by each check (e.g. support in [0,1], robust z, burn rate). */
  readonly score: number;
  /** Short machine-readable verdict, e.g. `grounded`, `unsupported`, `not_checkable`, `email`, `ok`. */
  readonly label: string;
  /** False when the check flags the execution. `not_checkable` and `unknown` results pass. */
  readonly passed: boolean;
  /** One or two sentences a person reads; never echoes secrets or personal data in full. */
  readonly explanation: string;
  /** Structured evidence for the UI (claims and passages, positions, windows); JSON-serialisable. */
  readonly details?: Readonly<Record<string, unknown>>;
}
