import { describe, expect, it } from 'vitest';
import type { OtlpSpan } from './model.ts';
import { validateSpan } from './validate.ts';

function spanWith(ids: Partial<Pick<OtlpSpan, 'traceId' | 'spanId' | 'parentSpanId'>>): OtlpSpan {
  return {
    traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', parentSpanId: '', traceState: '',
    name: 'step', kind: 1, startTimeUnixNano: 2n, endTimeUnixNano: 1n, attributes: {}, events: [], links: [],
    status: { code: 0, message: '' }, resource: {}, scope: { name: '', version: '' }, ...ids,
  };
}

describe('validateSpan', () => {
  it('accepts a root span and a child span, even one that ends before it starts', () => {
    expect(validateSpan(spanWith({}))).toBeUndefined();
    expect(validateSpan(spanWith({ parentSpanId: '00f067aa0ba902b7' }))).toBeUndefined();
  });

  it.each([
    ['a short trace id', { traceId: 'abcd' }, 'invalid trace_id "abcd": expected 16 bytes (32 hex characters)'],
    ['an empty trace id', { traceId: '' }, 'invalid trace_id "": expected 16 bytes'],
    ['a non-hex trace id', { traceId: 'g'.repeat(32) }, 'invalid trace_id "gggg'],
    ['an upper-case trace id', { traceId: 'AB'.repeat(16) }, 'invalid trace_id'],
    ['an all-zero trace id', { traceId: '0'.repeat(32) }, 'invalid trace_id: all zeros'],
    ['a long span id', { spanId: 'ab'.repeat(9) }, 'invalid span_id "ababababababababab": expected 8 bytes (16 hex characters)'],
    ['an all-zero span id', { spanId: '0'.repeat(16) }, 'invalid span_id: all zeros'],
    ['a parent id of the wrong length', { parentSpanId: 'abc' }, 'invalid parent_span_id "abc": expected empty or 8 bytes'],
    ['a non-hex parent id', { parentSpanId: 'xyz!xyz!xyz!xyz!' }, 'invalid parent_span_id'],
  ])('rejects %s', (_, ids, reason) => {
    expect(validateSpan(spanWith(ids))).toContain(reason);
  });

  it('quotes a huge invalid id only in part', () => {
    const reason = validateSpan(spanWith({ traceId: 'x'.repeat(100_000) }))!;
    expect(reason.length).toBeLessThan(120);
  });
});
