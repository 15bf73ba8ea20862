import { describe, expect, it } from 'vitest';
import { makeSpan } from './fixtures.ts';
import { buildSearchIndex, createSearcher, searchSpans } from './search.ts';

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

describe('createSearcher', () => {
  it('searches like searchSpans and reads span text only once a query arrives', () => {
    let reads = 0;
    const span = makeSpan({ spanId: 'x', name: 'Lookup' });
    const counted = new Proxy(span, { get: (target, key, receiver) => (key === 'name' && reads++, Reflect.get(target, key, receiver)) });
    const search = createSearcher([counted]);
    expect(search('').size).toBe(0);
    expect(reads).toBe(0);
    expect([...search('look')]).toEqual(['x']);
    expect([...search('up')]).toEqual(['x']);
    expect(reads).toBe(1);
  });
});
