// The policy file's shape (policies as code): which guardrails run for which agent, their
// thresholds and sampling, SLOs, the LLM judge and the evaluator's timing. Every object is strict,
// so a misspelt field is an error with its line, not a setting silently ignored.
import { z } from 'zod';
import { AlertsSchema } from './alerts.ts';
import { OutcomeRulesSchema, ValueSchema } from './business.ts';
import { JudgeSettingsSchema } from './judge.ts';

const fraction = z.number().min(0).max(1);
const sample = fraction.describe('share of executions checked, 0..1');

const Hallucination = z.strictObject({
  enabled: z.boolean().optional(),
  sample: sample.optional(),
  mode: z.enum(['facts', 'attribution']).optional(),
  /** Flag when the support score is below this; default: the mode's own threshold. */
  threshold: fraction.optional(),
});

const Pii = z.strictObject({
  enabled: z.boolean().optional(),
  sample: sample.optional(),
  kinds: z.array(z.enum(['email', 'phone', 'payment_card', 'iban', 'national_id', 'api_key', 'secret'])).min(1).optional(),
});

const Loop = z.strictObject({
  enabled: z.boolean().optional(),
  sample: sample.optional(),
  maxRepeatedToolCalls: z.number().int().min(1).optional(),
  maxSteps: z.number().int().min(1).optional(),
  maxTokens: z.number().int().min(1).optional(),
  maxCostUsd: z.number().positive().optional(),
});

const Cost = z.strictObject({
  enabled: z.boolean().optional(),
  sample: sample.optional(),
  /** Robust z (median/MAD) above which an execution's cost is anomalous. */
  threshold: z.number().positive().optional(),
  /** ... and at least this multiple of the median. */
  minRatio: z.number().min(1).optional(),
  baselineDays: z.number().int().min(1).max(90).optional(),
});

const Drift = z.strictObject({
  enabled: z.boolean().optional(),
  recentMinutes: z.number().int().min(1).max(24 * 60).optional(),
  /** Smallest p95 ratio (recent / baseline) worth flagging. */
  minRatio: z.number().min(1).optional(),
  /** Significance of the distribution test before multiple-testing correction. */
  alpha: z.number().gt(0).lt(1).optional(),
  minSamples: z.number().int().min(5).optional(),
});

export const ChecksSchema = z.strictObject({
  hallucination: Hallucination.optional(),
  pii: Pii.optional(),
  loop: Loop.optional(),
  cost_anomaly: Cost.optional(),
  latency_drift: Drift.optional(),
});

const Slo = z
  .strictObject({
    name: z.string().min(1),
    /** The agent the objective is about; every agent of the project when absent. */
    agent: z.string().min(1).optional(),
    kind: z.enum(['latency', 'success']),
    /** Share of good executions, e.g. 0.99. */
    target: z.number().gt(0).lt(1),
    /** latency: an execution is good when it finishes within this many milliseconds. */
    thresholdMs: z.number().int().positive().optional(),
    windowDays: z.number().int().min(1).max(90).default(28),
  })
  .refine((slo) => slo.kind !== 'latency' || slo.thresholdMs !== undefined, { message: 'a latency SLO needs thresholdMs', path: ['thresholdMs'] });

const Evaluator = z.strictObject({
  /** A trace whose root span has arrived is judged once no span came for this long (default 10). */
  settleSeconds: z.number().int().min(1).max(3600).optional(),
  /** A trace without a root span is judged once no span came for this long (default 120). */
  quietSeconds: z.number().int().min(1).max(86_400).optional(),
});

export const PolicySchema = z.strictObject({
  version: z.literal(1).default(1),
  /** Checks for every agent. */
  checks: ChecksSchema.optional(),
  /** Per-agent overrides of `checks`, by agent name (gen_ai.agent.name or service.name). */
  agents: z.record(z.string().min(1), z.strictObject({ checks: ChecksSchema.optional() })).optional(),
  slos: z.array(Slo).optional(),
  // The policy is shown by GET /api/policy and kept in repositories: the key itself is refused here.
  judge: JudgeSettingsSchema.extend({
    apiKey: z.never({ error: 'keys do not belong in policy files: put the key in an environment variable and name it with apiKeyEnv' }).optional(),
  }).optional(),
  evaluator: Evaluator.optional(),
  alerts: AlertsSchema.optional(),
  /** How outcomes are inferred when neither a person nor the agent said (docs/policy.md#outcomes-and-value). */
  outcomes: OutcomeRulesSchema.optional(),
  /** What executions are worth, SLAs and KPI targets, per agent. */
  value: ValueSchema.optional(),
});

export type PolicyDocument = z.infer<typeof PolicySchema>;
export type ChecksPolicy = z.infer<typeof ChecksSchema>;
export type SloPolicy = z.infer<typeof Slo>;
export type JudgePolicy = z.infer<typeof JudgeSettingsSchema>;
