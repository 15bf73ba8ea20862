import { describe, expect, it } from 'vitest';
import { makeSpan } from './fixtures.ts';
import { buildSearchIndex, searchSpans } from './search.ts';

const index = buildSearchIndex([
  makeSpan({ spanId: 'a', name: 'chat gpt-4o', output: 'The capital is Paris' }),
  makeSpan({ spanId: 'b', name: 'tool weather', attributes: { 'http.url': 'https://API.example.com' } }),
  makeSpan({ spanId: 'c', name: 'retrieve', inputMessages: [{ role: 'user', content: 'Where is the Eiffel tower?' }] }),
]);

describe('searchSpans', () => {
  it('matches names, text and attribute values ignoring case', () => {
    expect([...searchSpans(index, 'GPT')]).toEqual(['a']);
    expect([...searchSpans(index, 'paris')]).toEqual(['a']);
    expect([...searchSpans(index, 'api.EXAMPLE')]).toEqual(['b']);
    expect([...searchSpans(index, 'eiffel')]).toEqual(['c']);
  });
  it('finds nothing for a blank query or a miss', () => {
    expect(searchSpans(index, '   ').size).toBe(0);
    expect(searchSpans(index, 'london').size).toBe(0);
  });
});
