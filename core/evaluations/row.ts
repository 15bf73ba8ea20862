// One stored judgement (table `evaluations`, sql/0007_evaluations.sql): insert and read shapes.

export const EVALUATION_SOURCES = ['guardrail', 'judge', 'suite', 'human', 'sdk'] as const;
export type EvaluationSource = (typeof EVALUATION_SOURCES)[number];

/** Insert shape. Times as nanoseconds (time) and milliseconds (trace_version) since the epoch. */
export interface EvaluationRow {
  project_id: string;
  /** Nanoseconds since the epoch, decimal string: the execution's start, or the end of a judged window. */
  time: string;
  trace_id: string;
  span_id: string;
  check: string;
  source: EvaluationSource;
  agent_name: string;
  score: number;
  label: string;
  passed: boolean;
  explanation: string;
  /** JSON object. */
  details: string;
  policy_hash: string;
  /** The newest ingest time (ms) of the trace's spans when it was judged; the window's end for windowed checks. */
  trace_version: number;
}

/** Read shape, as the API returns it. */
export interface Evaluation {
  traceId: string;
  spanId: string;
  check: string;
  source: EvaluationSource;
  agent: string;
  /** ISO 8601: the execution's start, or the end of the window judged. */
  time: string;
  score: number;
  label: string;
  passed: boolean;
  explanation: string;
  details: Record<string, unknown>;
  policyHash: string;
  evaluatedAt: string;
}
