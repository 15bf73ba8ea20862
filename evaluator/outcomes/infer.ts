// An execution's outcome and where it came from. Precedence: a person's decision, then the agent's
// own `vigil.outcome` on the root span, then the policy's rules, else unknown. Pure.
import type { Outcome, ResolvedOutcomeRules } from '../../core/policy/business.ts';
import type { ExecutionFacts, TraceSpan } from '../extract.ts';

export type OutcomeSource = 'human' | 'attribute' | 'rule' | 'none';

export interface OutcomeDecision {
  outcome: Outcome;
  source: OutcomeSource;
  /** Why, in a few words: "decided by jane: refund approved", "tool handoff_to_human was called". */
  reason: string;
}

export interface HumanDecision {
  outcome: Outcome;
  note: string;
  decidedBy: string;
}

/** `*` matches any run of characters; the rest literally, case-insensitively. */
export function globMatcher(patterns: readonly string[]): (name: string) => boolean {
  const regexes = patterns.map((p) => new RegExp(`^${p.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i'));
  return (name) => regexes.some((r) => r.test(name));
}

export function decideOutcome(
  facts: ExecutionFacts,
  spans: readonly (TraceSpan & { outcome?: string })[],
  rules: ResolvedOutcomeRules,
  human?: HumanDecision,
): OutcomeDecision {
  if (human) return { outcome: human.outcome, source: 'human', reason: `decided by ${human.decidedBy || 'a person'}${human.note ? `: ${human.note}` : ''}` };
  const root = spans.find((s) => s.parent_span_id === '');
  const stated = root?.outcome ?? '';
  if (stated !== '') return { outcome: stated as Outcome, source: 'attribute', reason: 'vigil.outcome on the root span' };

  const handoff = globMatcher(rules.handoffTools);
  const tool = facts.toolCalls.find((call) => handoff(call.name));
  if (tool) return { outcome: 'escalated', source: 'rule', reason: `tool ${tool.name} was called` };
  const escalation = globMatcher(rules.escalationSpans);
  const span = spans.find((s) => s.span_type !== 'tool' && s.parent_span_id !== '' && escalation(s.name));
  if (span) return { outcome: 'escalated', source: 'rule', reason: `span "${span.name}"` };
  if (rules.errorIsFailed && facts.failed) return { outcome: 'failed', source: 'rule', reason: 'the root span has error status' };
  if (rules.noAnswerIsAbandoned && !facts.answer) return { outcome: 'abandoned', source: 'rule', reason: 'the execution ended without an answer' };
  if (rules.answeredIsResolved && facts.answer) return { outcome: 'resolved', source: 'rule', reason: 'answered, with no escalation or error' };
  return { outcome: 'unknown', source: 'none', reason: 'no decision, attribute or rule' };
}
