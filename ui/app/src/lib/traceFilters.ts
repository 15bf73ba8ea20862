// The /traces filters and sort, encoded in the page URL with the API's own parameter names so a
// copied link reproduces the view and the query string passes straight through to GET /api/traces.

export type SortKey = 'time' | 'duration' | 'cost';
export type SortOrder = 'desc' | 'asc';

export interface TraceFilters {
  agent: string;
  model: string;
  status: '' | 'ok' | 'error';
  outcome: string;
  /** positive, negative or any: executions with end-user feedback. */
  feedback: string;
  minDurationMs: string;
  maxDurationMs: string;
  minCostUsd: string;
  session: string;
  user: string;
  q: string;
  attr: string[]; // "key=value"
  sort: SortKey;
  order: SortOrder;
}

export const EMPTY_FILTERS: TraceFilters = {
  agent: '',
  model: '',
  status: '',
  outcome: '',
  feedback: '',
  minDurationMs: '',
  maxDurationMs: '',
  minCostUsd: '',
  session: '',
  user: '',
  q: '',
  attr: [],
  sort: 'time',
  order: 'desc',
};

const TEXT_KEYS = ['agent', 'model', 'outcome', 'feedback', 'session', 'user', 'q'] as const;
const NUMBER_KEYS = ['minDurationMs', 'maxDurationMs', 'minCostUsd'] as const;
const SORTS: readonly string[] = ['time', 'duration', 'cost'];

export function filtersFromQuery(query: URLSearchParams): TraceFilters {
  const filters: TraceFilters = { ...EMPTY_FILTERS, attr: [] };
  for (const key of TEXT_KEYS) filters[key] = query.get(key)?.trim() ?? '';
  for (const key of NUMBER_KEYS) {
    const value = query.get(key)?.trim() ?? '';
    filters[key] = value !== '' && Number.isFinite(Number(value)) && Number(value) >= 0 ? value : '';
  }
  const status = query.get('status');
  filters.status = status === 'ok' || status === 'error' ? status : '';
  filters.attr = query.getAll('attr').filter(isAttributeFilter);
  const sort = query.get('sort') ?? '';
  filters.sort = SORTS.includes(sort) ? (sort as SortKey) : 'time';
  filters.order = query.get('order') === 'asc' ? 'asc' : 'desc';
  return filters;
}

/** Writes the filters into `query` (other parameters such as from/to/project are kept). */
export function filtersToQuery(filters: TraceFilters, query: URLSearchParams): void {
  for (const key of [...TEXT_KEYS, ...NUMBER_KEYS, 'status'] as const) {
    const value = filters[key].trim();
    if (value) query.set(key, value);
    else query.delete(key);
  }
  query.delete('attr');
  for (const attr of filters.attr.filter(isAttributeFilter)) query.append('attr', attr);
  if (filters.sort === 'time') query.delete('sort');
  else query.set('sort', filters.sort);
  if (filters.order === 'desc') query.delete('order');
  else query.set('order', filters.order);
}

/** The GET /api/traces parameters for these filters (without the time range or cursor). */
export function filterParams(filters: TraceFilters): Record<string, string | string[]> {
  const query = new URLSearchParams();
  filtersToQuery(filters, query);
  const params: Record<string, string | string[]> = { sort: filters.sort, order: filters.order };
  for (const [key, value] of query) if (key !== 'attr') params[key] = value;
  if (filters.attr.length > 0) params.attr = filters.attr;
  return params;
}

export function isAttributeFilter(value: string): boolean {
  const eq = value.indexOf('=');
  return eq > 0 && value.slice(0, eq).trim() !== '';
}

/** How many filters narrow the view (sort and order do not count). */
export function activeFilterCount(filters: TraceFilters): number {
  let count = filters.attr.length;
  for (const key of [...TEXT_KEYS, ...NUMBER_KEYS, 'status'] as const) if (filters[key]) count++;
  return count;
}

/** Clicking a sortable column: a new column sorts descending, the same column flips the order. */
export function toggleSort(filters: TraceFilters, key: SortKey): TraceFilters {
  const order: SortOrder = filters.sort === key && filters.order === 'desc' ? 'asc' : 'desc';
  return { ...filters, sort: key, order };
}

/** Mirrors OUTCOME_VALUES in ui/server/schemas.ts (the app imports only types from there). */
export const OUTCOMES = ['resolved', 'escalated', 'abandoned', 'failed', 'unknown'] as const;
