// Bar colours: by span type (the legend), or by cost on a log scale. Each type has a colour for
// light and for dark backgrounds; the legend and the bars read the same table.
import { scaleSequentialLog } from 'd3-scale';
import { interpolateYlOrRd } from 'd3-scale-chromatic';
import type { Span } from '../../../server/schemas.ts';

export type SpanType = Span['type'];

export const TYPE_COLOURS: Record<SpanType, string> = {
  agent: '#7c3aed',
  llm: '#2563eb',
  tool: '#d97706',
  retriever: '#059669',
  embedding: '#0891b2',
  chain: '#64748b',
  guardrail: '#db2777',
  other: '#9ca3af',
};

export const SPAN_TYPES = Object.keys(TYPE_COLOURS) as SpanType[];

/** Cost colour for every span: grey for spans with no cost, yellow to red by log cost otherwise. */
export function costColours(spans: readonly Span[]): Map<string, string> {
  const costs = spans.map((s) => s.costUsd).filter((c) => c > 0);
  const out = new Map<string, string>();
  if (!costs.length) return out;
  const lo = Math.min(...costs);
  const hi = Math.max(...costs);
  const scale = scaleSequentialLog(interpolateYlOrRd).domain([lo, hi > lo ? hi : lo * 10]);
  for (const s of spans) if (s.costUsd > 0) out.set(s.spanId, scale(s.costUsd));
  return out;
}

export const NO_COST_COLOUR = '#d1d5db';
