import { describe, expect, it } from 'vitest';
import { activeFilterCount, EMPTY_FILTERS, filterParams, filtersFromQuery, filtersToQuery, toggleSort } from './traceFilters.ts';

describe('trace filters in the URL', () => {
  it('reads every filter and drops invalid values', () => {
    const filters = filtersFromQuery(
      new URLSearchParams('agent=support-bot&status=error&minDurationMs=500&maxDurationMs=-3&minCostUsd=abc&attr=env%3Dprod&attr=broken&attr=%3Dx&sort=cost&order=asc&q=%20refund%20'),
    );
    expect(filters).toMatchObject({ agent: 'support-bot', status: 'error', minDurationMs: '500', maxDurationMs: '', minCostUsd: '', q: 'refund', sort: 'cost', order: 'asc' });
    expect(filters.attr).toEqual(['env=prod']);
    expect(filtersFromQuery(new URLSearchParams('status=maybe&sort=name')).status).toBe('');
    expect(filtersFromQuery(new URLSearchParams('sort=name')).sort).toBe('time');
  });

  it('round-trips and keeps unrelated parameters such as the time range', () => {
    const filters = { ...EMPTY_FILTERS, model: 'gpt-4o', outcome: 'escalated', attr: ['a=1', 'b=2'], sort: 'duration' as const };
    const query = new URLSearchParams('from=1h&project=p1&agent=old');
    filtersToQuery(filters, query);
    expect(query.get('from')).toBe('1h');
    expect(query.get('project')).toBe('p1');
    expect(query.has('agent')).toBe(false);
    expect(query.has('order')).toBe(false);
    expect(filtersFromQuery(query)).toEqual(filters);
  });

  it('leaves defaults out of the link', () => {
    const query = new URLSearchParams();
    filtersToQuery(EMPTY_FILTERS, query);
    expect(query.toString()).toBe('');
  });
});

describe('API parameters and sorting', () => {
  it('passes filters with repeated attributes and explicit sort', () => {
    expect(filterParams({ ...EMPTY_FILTERS, user: 'u1', attr: ['k=v', 'x=y'] })).toEqual({ sort: 'time', order: 'desc', user: 'u1', attr: ['k=v', 'x=y'] });
  });
  it('counts active filters', () => {
    expect(activeFilterCount(EMPTY_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...EMPTY_FILTERS, agent: 'a', status: 'ok', attr: ['k=v'], sort: 'cost' })).toBe(3);
  });
  it('toggles a column between descending and ascending', () => {
    const byCost = toggleSort(EMPTY_FILTERS, 'cost');
    expect(byCost).toMatchObject({ sort: 'cost', order: 'desc' });
    expect(toggleSort(byCost, 'cost')).toMatchObject({ sort: 'cost', order: 'asc' });
    expect(toggleSort({ ...byCost, order: 'asc' }, 'duration')).toMatchObject({ sort: 'duration', order: 'desc' });
  });
});
