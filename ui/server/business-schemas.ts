// Response shapes of the executive view's routes: business KPIs over a period with the previous
// period beside them, cost by agent and model, outcomes and feedback. Shared with the UI as types.
import { z } from '@hono/zod-openapi';
import { OUTCOMES } from '../../core/policy/business.ts';

const rate = (description: string) => z.number().nullable().openapi({ description: `${description}; null when there is nothing to divide by` });

export const KpiSchema = z
  .object({
    executions: z.number().openapi({ description: 'Executions that started in the period (query volume)' }),
    resolved: z.number(),
    escalated: z.number(),
    abandoned: z.number(),
    failed: z.number(),
    unknown: z.number().openapi({ description: 'Executions nobody (human, attribute, rule) gave an outcome' }),
    resolutionRate: rate('resolved / executions with a known outcome'),
    handoffRate: rate('escalated / executions with a known outcome'),
    abandonmentRate: rate('abandoned / executions with a known outcome'),
    failureRate: rate('failed / executions with a known outcome'),
    costUsd: z.number().openapi({ description: 'Sum of the executions\' costs (LLM calls priced by model)' }),
    costPerExecution: rate('costUsd / executions'),
    inputTokens: z.number(),
    outputTokens: z.number(),
    feedback: z.number().openapi({ description: 'Feedback received on the period\'s executions' }),
    positive: z.number().openapi({ description: 'Thumbs up, or a score of 4 or 5' }),
    negative: z.number().openapi({ description: 'Thumbs down, or a score of 1 or 2' }),
    satisfactionRate: rate('positive / (positive + negative)'),
    averageScore: rate('mean of the 1–5 scores given'),
    slaMet: z.number().openapi({ description: 'Executions that finished within their agent\'s response-time SLA' }),
    slaCompliance: rate('slaMet / executions'),
    valueUsd: z.number().openapi({ description: 'resolved × valuePerResolved, per agent' }),
    escalationCostUsd: z.number().openapi({ description: 'escalated × costPerEscalation, per agent' }),
    fixedCostUsd: z.number().openapi({ description: 'fixedMonthlyCost prorated to the period (days / 30.4375), per agent' }),
    agentCostUsd: z.number().openapi({ description: 'costUsd + fixedCostUsd' }),
    roi: rate('(valueUsd − escalationCostUsd − agentCostUsd) / agentCostUsd'),
  })
  .openapi('Kpis');

export const TargetStatusSchema = z
  .object({
    agent: z.string(),
    kpi: z.enum(['handoffReduction', 'slaCompliance', 'resolutionRate', 'satisfaction', 'maxCostPerExecution']),
    description: z.string().openapi({ example: 'handoff rate 30% below the baseline (2026-11-01 – 2026-11-15: 24%)' }),
    target: z.number().nullable().openapi({ description: 'The level the KPI must reach (for handoffReduction: the handoff rate to stay at or below; null when the baseline has no data)' }),
    actual: z.number().nullable(),
    met: z.boolean().nullable().openapi({ description: 'null when the period has no data for it' }),
    gap: z.number().nullable().openapi({ description: 'actual − target (positive is good for floors, negative for ceilings)' }),
  })
  .openapi('TargetStatus');

export const BusinessMetricsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    previous: z.object({ from: z.string(), to: z.string() }),
    interval: z.enum(['day', 'week']),
    totals: KpiSchema,
    previousTotals: KpiSchema,
    series: z.array(KpiSchema.extend({ start: z.string() })).openapi({ description: 'One entry per day or week (UTC), empty buckets included' }),
    agents: z.array(z.object({ agent: z.string(), current: KpiSchema, previous: KpiSchema })),
    targets: z.array(TargetStatusSchema),
    latency: z.array(z.object({ agent: z.string(), p50Ms: z.number().nullable(), p95Ms: z.number().nullable() })),
    policyHash: z.string(),
  })
  .openapi('BusinessMetrics');

export const CostMetricsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    interval: z.enum(['day', 'week']),
    rows: z.array(
      z.object({
        start: z.string(),
        agent: z.string(),
        model: z.string(),
        costUsd: z.number(),
        llmCalls: z.number(),
        inputTokens: z.number(),
        outputTokens: z.number(),
        unpricedCalls: z.number().openapi({ description: 'LLM calls of models with no known price (their cost is missing)' }),
      }),
    ),
  })
  .openapi('CostMetrics');

export const OutcomeSchema = z
  .object({
    traceId: z.string(),
    outcome: z.enum(OUTCOMES),
    source: z.enum(['human', 'attribute', 'rule', 'none']).openapi({ description: 'human (POST …/outcome) wins over the vigil.outcome attribute, which wins over the policy\'s rules' }),
    reason: z.string(),
    history: z.array(z.object({ outcome: z.enum(OUTCOMES), source: z.string(), reason: z.string(), correctedOutput: z.string(), at: z.string(), by: z.string() })),
  })
  .openapi('Outcome');

export type Kpis = z.infer<typeof KpiSchema>;
export type BusinessMetrics = z.infer<typeof BusinessMetricsSchema>;
export type CostMetrics = z.infer<typeof CostMetricsSchema>;
export type TargetStatus = z.infer<typeof TargetStatusSchema>;
export type OutcomeView = z.infer<typeof OutcomeSchema>;
