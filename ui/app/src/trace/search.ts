// Search inside one trace: by name or by any text the span carries. The lower-cased text of each
// span is built once per trace so each keystroke is one substring scan per span.
import type { Span } from '../../../server/schemas.ts';

export interface SearchIndex {
  ids: string[];
  texts: string[];
}

function spanText(span: Span): string {
  const parts = [span.name, span.model, span.provider, span.operation, span.tool?.name ?? '', span.input, span.output,
    span.status.message, ...Object.values(span.attributes)];
  for (const m of [...span.inputMessages, ...span.outputMessages]) {
    parts.push(m.content);
    for (const call of m.toolCalls ?? []) parts.push(call.name, call.arguments);
  }
  for (const d of span.documents) parts.push(d.content);
  for (const e of span.exceptions) parts.push(e.type, e.message);
  return parts.join('\n').toLowerCase();
}

export function buildSearchIndex(spans: readonly Span[]): SearchIndex {
  return { ids: spans.map((s) => s.spanId), texts: spans.map(spanText) };
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

/** A search over the spans that builds its index on the first real query, not on page load. */
export function createSearcher(spans: readonly Span[]): Searcher {
  let index: SearchIndex | null = null;
  return (query) => (query.trim() ? searchSpans((index ??= buildSearchIndex(spans)), query) : new Set());
}
