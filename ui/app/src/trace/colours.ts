// Bar colours: by span type (the legend), or by cost on a log scale. Each type has a colour for
// light and for dark backgrounds; the legend and the bars read the same table.
import { scaleSequentialLog } from 'd3-scale';
import { interpolateRgbBasis } from 'd3-interpolate';
import type { Span } from '../../../server/schemas.ts';
import type { SpanSummary } from './timeline.ts';

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

// d3-scale-chromatic's interpolateYlOrRd (the 9-class ColorBrewer YlOrRd scheme), built here: that
// package is one bundle that builds all of its 27 ramps when loaded (~14 ms before the first fetch).
const interpolateYlOrRd = interpolateRgbBasis(['#ffffcc', '#ffeda0', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#bd0026', '#800026']);

export const SPAN_TYPES = Object.keys(TYPE_COLOURS) as SpanType[];

/** Cost colour for every span: grey for spans with no cost, yellow to red by log cost otherwise. */
export function costColours(spans: readonly Pick<SpanSummary, 'spanId' | 'costUsd'>[]): Map<string, string> {
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
