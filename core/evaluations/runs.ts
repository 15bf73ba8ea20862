// Re-evaluation of history (`vigil evaluate`, `POST /api/evaluations/runs`): the shape the API
// speaks. The evaluator implements the runner; the API only starts runs and reports progress.

export interface EvaluationRunRequest {
  /** Milliseconds since the epoch: executions that started in [sinceMs, untilMs). */
  sinceMs: number;
  untilMs: number;
  agent?: string;
  /** One check only; every check the policy enables when absent. */
  check?: string;
}

export interface EvaluationRun {
  id: string;
  projectId: string;
  state: 'running' | 'done' | 'failed';
  /** Executions in the range, counted when the run started. */
  total: number;
  done: number;
  /** Judgements that flagged. */
  flagged: number;
  startedAt: string;
  finishedAt?: string;
  error?: string;
  policyHash: string;
  request: EvaluationRunRequest;
}

export interface EvaluationRunner {
  start(projectId: string, request: EvaluationRunRequest): Promise<EvaluationRun>;
  get(projectId: string, id: string): EvaluationRun | undefined;
}

/** What the LLM judge has done since start (`configured` false: the policy names no judge). */
export interface JudgeStatus {
  configured: boolean;
  model?: string;
  /** Answers whose offline score was checked against the band. */
  considered: number;
  sent: number;
  judged: number;
  unknown: number;
  queued: number;
  retrying: number;
  costUsd: number;
  /** Calls in a row that brought no verdict (0 after any verdict): the judge_unavailable alert. */
  failuresInRow: number;
}

/** How the online evaluator is doing, for `/metrics`, the API and the UI. */
export interface EvaluatorHealth {
  running: boolean;
  /** ISO 8601: every span ingested before this is judged or waiting for its execution to complete. */
  watermark: string | null;
  lagSeconds: number;
  pending: number;
  judged: number;
  judge: JudgeStatus;
}
