// Search inside one trace: by name or by any text the span carries. The lower-cased text of each
// span is built once per trace so each keystroke is one substring scan per span. Names, models and
// tools come with the timeline and match at once; messages, attributes and input/output need the
// full trace, which the page fetches on the first search.
import type { Span } from '../../../server/schemas.ts';
import type { SpanSummary } from './timeline.ts';

export interface SearchIndex {
  ids: string[];
  texts: string[];
}

function summaryParts(span: SpanSummary, toolName: string): string[] {
  return [span.name, span.model, span.provider, span.operation, toolName, span.status.message];
}

function summaryText(span: SpanSummary): string {
  return summaryParts(span, span.toolName ?? '').join('\n').toLowerCase();
}

function spanText(span: Span): string {
  const parts = [...summaryParts(span, span.tool?.name ?? ''), span.input, span.output, ...Object.values(span.attributes)];
  for (const m of [...span.inputMessages, ...span.outputMessages]) {
    parts.push(m.content);
    for (const call of m.toolCalls ?? []) parts.push(call.name, call.arguments);
  }
  for (const d of span.documents) parts.push(d.content);
  for (const e of span.exceptions) parts.push(e.type, e.message);
  return parts.join('\n').toLowerCase();
}

/** An index over every text of full spans. */
export function buildSearchIndex(spans: readonly Span[]): SearchIndex {
  return { ids: spans.map((s) => s.spanId), texts: spans.map(spanText) };
}

/** An index over what the timeline carries: name, model, provider, operation, tool, status message. */
export function buildNameIndex(spans: readonly SpanSummary[]): SearchIndex {
  return { ids: spans.map((s) => s.spanId), texts: spans.map(summaryText) };
}

/** Ids of spans whose name or text contains the query, ignoring case; empty for a blank query. */
export function searchSpans(index: SearchIndex, query: string): Set<string> {
  const needle = query.trim().toLowerCase();
  const hits = new Set<string>();
  if (!needle) return hits;
  for (let i = 0; i < index.texts.length; i++) if (index.texts[i]!.includes(needle)) hits.add(index.ids[i]!);
  return hits;
}

export type Searcher = (query: string) => Set<string>;

/** A search that builds its index on the first real query, not on page load: over the full spans'
 *  text when they are loaded, else over the names of the timeline's spans. */
export function createSearcher(summaries: readonly SpanSummary[], full: readonly Span[] | null = null): Searcher {
  let index: SearchIndex | null = null;
  const build = () => (full ? buildSearchIndex(full) : buildNameIndex(summaries));
  return (query) => (query.trim() ? searchSpans((index ??= build()), query) : new Set());
}
