import { describe, expect, it } from 'vitest';
import { makeSpan, makeTimelineSpan } from './fixtures.ts';
import { buildNameIndex, buildSearchIndex, createSearcher, searchSpans } from './search.ts';

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

describe('name search from the timeline', () => {
  const summary = makeTimelineSpan({ spanId: 't', name: 'execute_tool', toolName: 'get_weather' });
  it('matches names, models and tool names without the span text', () => {
    const names = buildNameIndex([summary, makeSpan({ spanId: 'm', name: 'chat', model: 'gpt-4o', output: 'Paris' })]);
    expect([...searchSpans(names, 'WEATHER')]).toEqual(['t']);
    expect([...searchSpans(names, 'gpt')]).toEqual(['m']);
    expect(searchSpans(names, 'paris').size).toBe(0);
  });
  it('searches the full text once the full spans are given', () => {
    const full = [makeSpan({ spanId: 'm', name: 'chat', outputMessages: [{ role: 'assistant', content: 'Paris' }] })];
    expect(createSearcher(full, null)('paris').size).toBe(0);
    expect([...createSearcher(full, full)('paris')]).toEqual(['m']);
  });
});
