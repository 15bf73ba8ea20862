// Response shapes of the evaluation routes (judgements, their summary, re-evaluation runs, the
// policy), shared with the UI as types.
import { z } from '@hono/zod-openapi';

export const CHECK_VALUES = ['hallucination', 'latency_drift', 'cost_anomaly', 'slo_burn', 'pii', 'loop'] as const;
export const SOURCE_VALUES = ['guardrail', 'judge', 'suite', 'human', 'sdk'] as const;

export const EvaluationSchema = z
  .object({
    traceId: z.string().openapi({ description: '"" for judgements about an agent as a whole (drift, SLO burn)' }),
    spanId: z.string().openapi({ description: 'The span the judgement is about; "" for the whole execution' }),
    check: z.string(),
    source: z.enum(SOURCE_VALUES),
    agent: z.string(),
    time: z.string().openapi({ description: 'The execution\'s start, or the end of the window judged' }),
    score: z.number(),
    label: z.string().openapi({ example: 'unsupported' }),
    passed: z.boolean(),
    explanation: z.string(),
    details: z.record(z.string(), z.unknown()),
    policyHash: z.string(),
    evaluatedAt: z.string(),
  })
  .openapi('Evaluation');

export const EvaluationPageSchema = z
  .object({ evaluations: z.array(EvaluationSchema), nextCursor: z.string().nullable() })
  .openapi('EvaluationPage');

export const EvaluatorHealthSchema = z
  .object({
    running: z.boolean(),
    watermark: z.string().nullable(),
    lagSeconds: z.number(),
    pending: z.number(),
    judged: z.number(),
    judge: z.object({
      configured: z.boolean(),
      model: z.string().optional(),
      considered: z.number(),
      sent: z.number(),
      judged: z.number(),
      unknown: z.number(),
      queued: z.number(),
      retrying: z.number(),
      costUsd: z.number(),
      failuresInRow: z.number().openapi({ description: 'Judge calls in a row that brought no verdict' }),
    }),
  })
  .openapi('EvaluatorHealth');

export const EvaluationSummarySchema = z
  .object({
    counts: z.array(z.object({ check: z.string(), agent: z.string(), source: z.string(), evaluated: z.number(), flagged: z.number(), undecided: z.number() })),
    bucketSeconds: z.number(),
    series: z.array(z.object({ check: z.string(), start: z.string(), evaluated: z.number(), flagged: z.number() })),
    evaluator: EvaluatorHealthSchema,
    policyHash: z.string(),
  })
  .openapi('EvaluationSummary');

export const EvaluationRunSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    state: z.enum(['running', 'done', 'failed']),
    total: z.number(),
    done: z.number(),
    flagged: z.number(),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    error: z.string().optional(),
    policyHash: z.string(),
    request: z.object({ sinceMs: z.number(), untilMs: z.number(), agent: z.string().optional(), check: z.string().optional() }),
  })
  .openapi('EvaluationRun');

export const PolicyProblemSchema = z.object({ file: z.string(), line: z.number().optional(), field: z.string(), reason: z.string() }).openapi('PolicyProblem');

export const PolicyViewSchema = z
  .object({
    hash: z.string().openapi({ description: 'Stored with every judgement made under this policy' }),
    file: z.string().nullable().openapi({ description: 'VIGIL_POLICY; null when the built-in defaults are in force' }),
    loadedAt: z.string(),
    policy: z.record(z.string(), z.unknown()).openapi({ description: 'The policy in force, defaults applied' }),
    text: z.string(),
    rejected: z.array(PolicyProblemSchema).openapi({ description: 'Problems of a newer edit that was refused (the policy above stays in force)' }),
  })
  .openapi('Policy');

export type Evaluation = z.infer<typeof EvaluationSchema>;
export type EvaluationPage = z.infer<typeof EvaluationPageSchema>;
export type EvaluationSummary = z.infer<typeof EvaluationSummarySchema>;
export type EvaluatorHealthView = z.infer<typeof EvaluatorHealthSchema>;
export type EvaluationRunView = z.infer<typeof EvaluationRunSchema>;
export type PolicyView = z.infer<typeof PolicyViewSchema>;
