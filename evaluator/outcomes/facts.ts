// The executive view's row for one execution, and the feedback its own spans report. Pure.
import { createHash } from 'node:crypto';
import type { FactRow } from '../../core/business/repository.ts';
import type { ExecutionFacts, TraceSpan } from '../extract.ts';
import type { OutcomeDecision } from './infer.ts';

/** Dollars to whole nano-dollars: sums that add and take back costs stay exact. */
export const toNanos = (usd: number): number => Math.round(usd * 1e9);

/** Per model of the execution's LLM calls: calls, cost, tokens, calls without a price. Sorted by model. */
function byModel(spans: readonly TraceSpan[]): Pick<FactRow, 'models' | 'model_calls' | 'model_cost_nanos' | 'model_input_tokens' | 'model_output_tokens' | 'model_unpriced'> {
  const models = new Map<string, { calls: number; cost: number; input: number; output: number; unpriced: number }>();
  for (const s of spans) {
    if (s.span_type !== 'llm') continue;
    const m = models.get(s.model) ?? { calls: 0, cost: 0, input: 0, output: 0, unpriced: 0 };
    m.calls += 1;
    m.cost += toNanos(s.cost_usd);
    m.input += s.input_tokens;
    m.output += s.output_tokens;
    if (s.cost_status === 'unpriced' || s.cost_status === 'usage_unknown') m.unpriced += 1;
    models.set(s.model, m);
  }
  const names = [...models.keys()].sort();
  const pick = (key: 'calls' | 'cost' | 'input' | 'output' | 'unpriced') => names.map((n) => models.get(n)![key]);
  return { models: names, model_calls: pick('calls'), model_cost_nanos: pick('cost'), model_input_tokens: pick('input'), model_output_tokens: pick('output'), model_unpriced: pick('unpriced') };
}

export function factRow(projectId: string, facts: ExecutionFacts, spans: readonly TraceSpan[], outcome: OutcomeDecision, slaMs: number, version: number): FactRow {
  return {
    ...byModel(spans),
    project_id: projectId,
    trace_id: facts.traceId,
    start_time: facts.startNs,
    agent_name: facts.agent,
    outcome: outcome.outcome,
    outcome_source: outcome.source,
    outcome_reason: outcome.reason,
    cost_nanos: spans.reduce((sum, s) => sum + toNanos(s.cost_usd), 0),
    input_tokens: spans.reduce((sum, s) => sum + s.input_tokens, 0),
    output_tokens: spans.reduce((sum, s) => sum + s.output_tokens, 0),
    duration_ms: facts.durationMs,
    sla_ms: slaMs,
    sla_met: facts.durationMs <= slaMs ? 1 : 0,
    version,
  };
}

/** Whether two states differ in anything the sums or the explorer see (the version alone does not count). */
export function sameFacts(a: FactRow, b: FactRow): boolean {
  return (
    a.start_time === b.start_time && a.agent_name === b.agent_name && a.outcome === b.outcome && a.outcome_source === b.outcome_source &&
    a.outcome_reason === b.outcome_reason && a.cost_nanos === b.cost_nanos && a.input_tokens === b.input_tokens &&
    a.output_tokens === b.output_tokens && a.duration_ms === b.duration_ms && a.sla_ms === b.sla_ms && a.sla_met === b.sla_met &&
    JSON.stringify([a.models, a.model_calls, a.model_cost_nanos, a.model_input_tokens, a.model_output_tokens, a.model_unpriced]) ===
      JSON.stringify([b.models, b.model_calls, b.model_cost_nanos, b.model_input_tokens, b.model_output_tokens, b.model_unpriced])
  );
}

export interface SpanFeedback {
  /** Stable per span and report: a re-judged trace does not count its feedback twice. */
  id: string;
  thumbs: -1 | 0 | 1;
  score: number;
  comment: string;
}

/** Span columns the feedback is read from: `vigil.feedback.*` attributes, and events named `vigil.feedback`. */
export interface FeedbackSpan {
  span_id: string;
  feedback_thumbs?: string;
  feedback_score?: string;
  feedback_comment?: string;
  feedback_events?: string;
}

function thumbsOf(value: unknown): -1 | 0 | 1 {
  const text = String(value ?? '').trim().toLowerCase();
  if (['up', '1', '+1', 'true', 'positive'].includes(text)) return 1;
  if (['down', '-1', 'false', 'negative'].includes(text)) return -1;
  return 0;
}

function scoreOf(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : 0;
}

export function spanFeedback(traceId: string, spans: readonly FeedbackSpan[]): SpanFeedback[] {
  const found: SpanFeedback[] = [];
  const add = (spanId: string, index: number, thumbs: unknown, score: unknown, comment: unknown) => {
    const item = { thumbs: thumbsOf(thumbs), score: scoreOf(score), comment: String(comment ?? '').slice(0, 2000) };
    if (item.thumbs === 0 && item.score === 0) return;
    found.push({ id: createHash('sha256').update(`${traceId}:${spanId}:${index}`).digest('hex').slice(0, 32), ...item });
  };
  for (const span of spans) {
    if (span.feedback_thumbs || span.feedback_score) add(span.span_id, -1, span.feedback_thumbs, span.feedback_score, span.feedback_comment);
    if (!span.feedback_events) continue;
    let events: unknown;
    try {
      events = JSON.parse(span.feedback_events);
    } catch {
      continue;
    }
    if (!Array.isArray(events)) continue;
    events.forEach((event: { name?: unknown; attributes?: Record<string, unknown> }, index) => {
      if (event?.name !== 'vigil.feedback') return;
      const a = event.attributes ?? {};
      add(span.span_id, index, a['vigil.feedback.thumbs'], a['vigil.feedback.score'], a['vigil.feedback.comment']);
    });
  }
  return found;
}
