// Pure helpers for the span panel: JSON shown readably, attribute filtering, event times.

/** Pretty-prints JSON text; anything that does not parse comes back unchanged. */
export function prettyJson(text: string): string {
  const trimmed = text.trim();
  if (!trimmed || !'{['.includes(trimmed[0]!)) return text;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return text;
  }
}

/** Attributes whose key or value contains the filter (ignoring case), sorted by key. */
export function filterAttributes(attributes: Record<string, unknown>, filter: string): [string, string][] {
  const needle = filter.trim().toLowerCase();
  return Object.entries(attributes)
    .map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? String(v)])
    .filter(([k, v]) => !needle || k.toLowerCase().includes(needle) || v.toLowerCase().includes(needle))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Milliseconds from the span's start to an event, from exact nanosecond strings. */
export function offsetMs(fromNs: string, toNs: string): number {
  try {
    return Number(BigInt(toNs) - BigInt(fromNs)) / 1e6;
  } catch {
    return NaN;
  }
}

const COST_STATUS: Record<string, string> = {
  priced: 'priced from the model price list',
  reported: 'as reported by the instrumentation',
  unpriced: 'not priced: no known price for this model',
  usage_unknown: 'not priced: the instrumentation reported no token counts for this LLM call',
  none: 'no token usage',
};
export const costStatusText = (status: string) => COST_STATUS[status] ?? status;
