import { describe, expect, it } from 'vitest';
import { costStatusText, filterAttributes, offsetMs, prettyJson } from './detail.ts';

describe('prettyJson', () => {
  it('indents JSON and leaves other text alone', () => {
    expect(prettyJson('{"city":"Paris","days":[1,2]}')).toBe('{\n  "city": "Paris",\n  "days": [\n    1,\n    2\n  ]\n}');
    expect(prettyJson('{"broken": ')).toBe('{"broken": ');
    expect(prettyJson('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
    expect(prettyJson('')).toBe('');
  });
});

describe('filterAttributes', () => {
  const attrs = { 'gen_ai.request.model': 'gpt-4o', 'http.status': '200', nested: { a: 1 } as unknown };
  it('filters on key or value ignoring case and sorts by key', () => {
    expect(filterAttributes(attrs, 'GPT')).toEqual([['gen_ai.request.model', 'gpt-4o']]);
    expect(filterAttributes(attrs, '').map(([k]) => k)).toEqual(['gen_ai.request.model', 'http.status', 'nested']);
    expect(filterAttributes(attrs, '"a"')).toEqual([['nested', '{"a":1}']]);
  });
});

describe('offsetMs', () => {
  it('measures from nanosecond strings and tolerates junk', () => {
    expect(offsetMs('1780000000000000000', '1780000000001500000')).toBe(1.5);
    expect(offsetMs('x', '1')).toBeNaN();
  });
  it('explains cost status', () => {
    expect(costStatusText('unpriced')).toMatch(/no known price/);
  });
});
