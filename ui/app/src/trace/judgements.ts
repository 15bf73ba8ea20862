// A trace's judgements, arranged for the waterfall (which spans carry a flag), the header (one chip
// per failing check) and the span panel (the judgements about one span). Execution-level
// judgements (spanId "") belong to the root span; a loop judgement also marks every repeated call.
import type { Evaluation } from '../../../server/evaluation-schemas.ts';
import { loopDetails } from './judgement-details.ts';

/** Judgements about each span, guardrail before judge, in check order. */
export function judgementsBySpan(evaluations: readonly Evaluation[], rootSpanId: string | null): Map<string, Evaluation[]> {
  const bySpan = new Map<string, Evaluation[]>();
  const add = (spanId: string, e: Evaluation) => {
    const list = bySpan.get(spanId) ?? [];
    if (!list.includes(e)) list.push(e);
    bySpan.set(spanId, list);
  };
  for (const e of evaluations) {
    const spanId = e.spanId || rootSpanId;
    if (spanId) add(spanId, e);
    if (e.check === 'loop' && !e.passed) for (const call of loopDetails(e.details)?.repeatedToolCalls ?? []) for (const id of call.spanIds) add(id, e);
  }
  for (const list of bySpan.values()) list.sort(byCheckThenSource);
  return bySpan;
}

/** The failing judgements' labels per span, for the waterfall's flag mark ("hallucination: unsupported"). */
export function flagsBySpan(bySpan: ReadonlyMap<string, readonly Evaluation[]>): Map<string, string[]> {
  const flags = new Map<string, string[]>();
  for (const [spanId, list] of bySpan) {
    const failing = list.filter((e) => !e.passed).map(flagText);
    if (failing.length) flags.set(spanId, [...new Set(failing)]);
  }
  return flags;
}

/** spanId "" is a judgement about the whole execution. */
export type FlagChip = Pick<Evaluation, 'check' | 'label' | 'source' | 'spanId' | 'explanation'>;

/** One chip per failing judgement of the trace, guardrails first. */
export function flagChips(evaluations: readonly Evaluation[]): FlagChip[] {
  return evaluations
    .filter((e) => !e.passed)
    .sort(byCheckThenSource)
    .map(({ check, label, source, spanId, explanation }) => ({ check, label, source, spanId, explanation }));
}

export function flagText(e: Pick<Evaluation, 'check' | 'label' | 'source'>): string {
  return `${e.check}${e.source === 'guardrail' ? '' : ` (${e.source})`}: ${e.label}`;
}

const CHECK_ORDER = ['hallucination', 'pii', 'loop', 'cost_anomaly', 'latency_drift', 'slo_burn'];
const rank = (check: string) => {
  const i = CHECK_ORDER.indexOf(check);
  return i < 0 ? CHECK_ORDER.length : i;
};

function byCheckThenSource(a: Evaluation, b: Evaluation): number {
  return rank(a.check) - rank(b.check) || a.check.localeCompare(b.check) || (a.source === 'guardrail' ? -1 : b.source === 'guardrail' ? 1 : a.source.localeCompare(b.source));
}
