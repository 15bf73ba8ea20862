// The /evaluations filters in the page URL: check, agent, source and "flagged only" (on unless the
// link says `flagged=all`), so a copied link reproduces the list.

export interface EvaluationFilters {
  check: string;
  agent: string;
  source: string;
  flaggedOnly: boolean;
}

export const DEFAULT_EVALUATION_FILTERS: EvaluationFilters = { check: '', agent: '', source: '', flaggedOnly: true };

/** Mirror CHECK_VALUES and SOURCE_VALUES in ui/server/evaluation-schemas.ts (the app imports only types from there). */
export const CHECKS = ['hallucination', 'pii', 'loop', 'cost_anomaly', 'latency_drift', 'slo_burn'] as const;
export const SOURCES = ['guardrail', 'judge', 'suite', 'human', 'sdk'] as const;

const TEXT_KEYS = ['check', 'agent', 'source'] as const;

export function evaluationFiltersFromQuery(query: URLSearchParams): EvaluationFilters {
  const check = query.get('check') ?? '';
  const source = query.get('source') ?? '';
  return {
    check: (CHECKS as readonly string[]).includes(check) ? check : '',
    agent: query.get('agent')?.trim() ?? '',
    source: (SOURCES as readonly string[]).includes(source) ? source : '',
    flaggedOnly: query.get('flagged') !== 'all',
  };
}

/** Writes the filters into `query`, keeping other parameters (time range, project). */
export function evaluationFiltersToQuery(filters: EvaluationFilters, query: URLSearchParams): void {
  for (const key of TEXT_KEYS) {
    if (filters[key]) query.set(key, filters[key]);
    else query.delete(key);
  }
  if (filters.flaggedOnly) query.delete('flagged');
  else query.set('flagged', 'all');
}

/** The GET /api/evaluations parameters for these filters (without the time range or cursor). */
export function evaluationListParams(filters: EvaluationFilters): Record<string, string> {
  const params: Record<string, string> = {};
  for (const key of TEXT_KEYS) if (filters[key]) params[key] = filters[key];
  if (filters.flaggedOnly) params.flagged = 'true';
  return params;
}

export function activeEvaluationFilters(filters: EvaluationFilters): number {
  return TEXT_KEYS.filter((key) => filters[key] !== '').length;
}
