// Keeps `execution_facts` in step with what is known about each execution: called with judged
// executions (the online loop, re-evaluation) and with executions a person just decided about.
// Writes only what changed, as the old state taken back and the new one added in one insert, so a
// repeated call (a restart, a re-judged trace with nothing new) changes nothing.
import type { Store } from '../../core/clickhouse/client.ts';
import { existingFeedback, insertFactChanges, insertFeedback, readCurrentFacts, readDecisions, type FactRow, type FeedbackRecord } from '../../core/business/repository.ts';
import { agentValueOf, outcomeRulesOf } from '../../core/policy/business.ts';
import type { Policy } from '../../core/policy/index.ts';
import type { ExecutionFacts, TraceSpan } from '../extract.ts';
import { factRow, sameFacts, spanFeedback, type FeedbackSpan } from './facts.ts';
import { decideOutcome, type HumanDecision } from './infer.ts';

export interface FactInput {
  facts: ExecutionFacts;
  spans: readonly (TraceSpan & FeedbackSpan & { outcome?: string })[];
  /** The trace version (ms) the facts were read at. */
  version: number;
}

/** Returns how many executions' states changed. */
export async function recordFacts(store: Store, policy: Policy, projectId: string, inputs: readonly FactInput[], nowMs = Date.now()): Promise<number> {
  if (inputs.length === 0) return 0;
  const ids = inputs.map((i) => i.facts.traceId);
  const [current, decisions] = await Promise.all([readCurrentFacts(store.client, projectId, ids), readDecisions(store.client, projectId, ids)]);
  const latest = new Map<string, HumanDecision>();
  for (const d of decisions) latest.set(d.traceId, { outcome: d.outcome, note: d.note, decidedBy: d.decidedBy });
  const rules = outcomeRulesOf(policy.document.outcomes);

  const changes: { row: FactRow; sign: 1 | -1 }[] = [];
  const feedback: FeedbackRecord[] = [];
  for (const input of inputs) {
    const { facts, spans } = input;
    const outcome = decideOutcome(facts, spans, rules, latest.get(facts.traceId));
    const slaMs = agentValueOf(policy.document.value, facts.agent).slaSeconds * 1000;
    for (const item of spanFeedback(facts.traceId, spans)) {
      feedback.push({ projectId, traceId: facts.traceId, executionStartNs: facts.startNs, agent: facts.agent, source: 'span', userId: '', receivedAtMs: nowMs, ...item });
    }
    const before = current.get(facts.traceId);
    const next = factRow(projectId, facts, spans, outcome, slaMs, Math.max(input.version, before?.version ?? 0));
    if (before && sameFacts(before, next)) continue;
    // The taken-back row must equal the stored one exactly (version included) for the two to cancel;
    // the new one needs a version of its own, or it would cancel too.
    if (before) changes.push({ row: before, sign: -1 });
    changes.push({ row: before && before.version >= next.version ? { ...next, version: before.version + 1 } : next, sign: 1 });
  }
  if (changes.length > 0) await insertFactChanges(store, changes);
  if (feedback.length > 0) {
    const stored = await existingFeedback(store.client, projectId, [...new Set(feedback.map((f) => f.traceId))], feedback.map((f) => f.id));
    const fresh = feedback.filter((f) => !stored.has(f.id));
    if (fresh.length > 0) await insertFeedback(store, fresh);
  }
  return changes.filter((c) => c.sign === 1).length;
}
