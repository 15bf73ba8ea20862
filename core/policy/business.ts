// The policy file's `outcomes:` and `value:` sections: how an execution's outcome is inferred when
// nobody said it, and what executions are worth, per agent, with the KPI targets the executive view
// checks. Money is in US dollars.
import { z } from 'zod';

export { OUTCOMES, type Outcome } from '../spans/row.ts';

/** Glob patterns (`*` any run of characters), matched case-insensitively. */
const patterns = z.array(z.string().min(1)).min(1);

export const OutcomeRulesSchema = z.strictObject({
  /** A tool call with one of these names hands the execution to a person: escalated. */
  handoffTools: patterns.optional(),
  /** A span with one of these names is an escalation: escalated. */
  escalationSpans: patterns.optional(),
  /** An execution that ends without an answer to the user: abandoned (default true). */
  noAnswerIsAbandoned: z.boolean().optional(),
  /** An execution whose root span has error status: failed (default true). */
  errorIsFailed: z.boolean().optional(),
  /** An execution that answered and matched nothing above: resolved (default false: unknown). */
  answeredIsResolved: z.boolean().optional(),
});

const fraction = (what: string) => z.number({ error: `${what} is a share between 0 and 1, e.g. 0.8` }).min(0).max(1);
const dollars = (what: string) => z.number({ error: `${what} is an amount in US dollars, e.g. 4.5` }).min(0);

export const TargetsSchema = z.strictObject({
  /** The handoff (escalation) rate must be this share below the baseline period's, e.g. 0.3 for 30% lower. */
  handoffReduction: fraction('handoffReduction').optional(),
  /** Share of executions within the response-time SLA, e.g. 0.95. */
  slaCompliance: fraction('slaCompliance').optional(),
  /** Floor of the resolution rate. */
  resolutionRate: fraction('resolutionRate').optional(),
  /** Floor of the share of positive feedback. */
  satisfaction: fraction('satisfaction').optional(),
  /** Ceiling of the cost per execution. */
  maxCostPerExecution: dollars('maxCostPerExecution').optional(),
});

export const AgentValueSchema = z.strictObject({
  /** What a resolved execution is worth, e.g. the cost of a person handling the same request. */
  valuePerResolved: dollars('valuePerResolved').optional(),
  /** What an escalation costs (a person's time on the handed-over request). */
  costPerEscalation: dollars('costPerEscalation').optional(),
  /** Fixed cost per month (licences, hosting), prorated to the period shown. */
  fixedMonthlyCost: dollars('fixedMonthlyCost').optional(),
  /** Response-time promise: an execution within it meets the SLA (default 120). */
  slaSeconds: z.number().positive().optional(),
  /** The period targets are compared with. */
  baseline: z
    .strictObject({
      from: z.iso.date({ error: 'baseline.from is a date, e.g. 2026-11-01' }),
      to: z.iso.date({ error: 'baseline.to is a date, e.g. 2026-11-15 (exclusive)' }),
    })
    .refine((b) => b.from < b.to, { error: 'baseline.to must be after baseline.from', path: ['to'] })
    .optional(),
  targets: TargetsSchema.optional(),
});

export const ValueSchema = z.strictObject({
  /** Settings for every agent, overridden per agent. */
  defaults: AgentValueSchema.optional(),
  agents: z.record(z.string().min(1), AgentValueSchema).optional(),
});

export type OutcomeRulesPolicy = z.output<typeof OutcomeRulesSchema>;
export type AgentValuePolicy = z.output<typeof AgentValueSchema>;
export type ValuePolicy = z.output<typeof ValueSchema>;

export interface ResolvedOutcomeRules {
  handoffTools: string[];
  escalationSpans: string[];
  noAnswerIsAbandoned: boolean;
  errorIsFailed: boolean;
  answeredIsResolved: boolean;
}

/** Defaults that read common agent traces: handoff and escalation by name, errors, no answer. */
export const DEFAULT_OUTCOME_RULES: ResolvedOutcomeRules = {
  handoffTools: ['handoff*', '*handoff', 'escalate*', 'transfer_to_human*', '*_to_human', 'human_handoff*'],
  escalationSpans: ['*escalat*', '*handoff*'],
  noAnswerIsAbandoned: true,
  errorIsFailed: true,
  answeredIsResolved: false,
};

export function outcomeRulesOf(rules: OutcomeRulesPolicy | undefined): ResolvedOutcomeRules {
  return { ...DEFAULT_OUTCOME_RULES, ...rules };
}

export interface ResolvedAgentValue {
  valuePerResolved: number;
  costPerEscalation: number;
  fixedMonthlyCost: number;
  slaSeconds: number;
  baseline?: { from: string; to: string };
  targets: z.output<typeof TargetsSchema>;
}

export const DEFAULT_SLA_SECONDS = 120;

export function agentValueOf(value: ValuePolicy | undefined, agent: string): ResolvedAgentValue {
  const merged = { ...value?.defaults, ...value?.agents?.[agent] };
  return {
    valuePerResolved: merged.valuePerResolved ?? 0,
    costPerEscalation: merged.costPerEscalation ?? 0,
    fixedMonthlyCost: merged.fixedMonthlyCost ?? 0,
    slaSeconds: merged.slaSeconds ?? DEFAULT_SLA_SECONDS,
    ...(merged.baseline ? { baseline: merged.baseline } : {}),
    targets: { ...value?.defaults?.targets, ...value?.agents?.[agent]?.targets },
  };
}
