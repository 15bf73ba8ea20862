import { describe, expect, it } from 'vitest';
import type { SpanRow } from '../core/spans/row.ts';
import { cutToJsonBytes, fitRow, MAX_ROW_BYTES, prefixWithinJsonBytes, waterLevel } from './row-size.ts';

function row(more: Partial<SpanRow> = {}): SpanRow {
  return {
    project_id: 'p', trace_id: '5b8efff798038103d269b633813fc60c', span_id: '051581bf3cb55c13', parent_span_id: '', name: 'chat',
    kind: 'client', span_type: 'llm', service_name: 'svc', agent_name: '', operation: 'chat', provider: 'openai', model: 'gpt-4o',
    start_time: '1749988800000000000', end_time: '1749988801000000000', duration_ns: 1e9, status_code: 'unset', status_message: '',
    input_tokens: 1, output_tokens: 1, cached_tokens: 0, reasoning_tokens: 0, cost_usd: 0, cost_status: 'priced', session_id: '',
    user_id: '', outcome: '', input_text: 'hi', output_text: 'hello', input_messages: '[{"role":"user","content":"hi"}]',
    output_messages: '', tool_name: '', tool_call_id: '', documents: ['doc'], attributes: { 'acme.x': 'y' },
    resource_attributes: { 'service.name': 'svc' }, scope_name: '', scope_version: '', events: '', links: '',
    ...more,
  };
}

const bytes = (line: string) => Buffer.byteLength(line);

describe('fitRow', () => {
  it('leaves a row that fits as it is, counting its characters', () => {
    const r = row();
    const chars = JSON.stringify(Object.values(r)).length; // roughly: the text plus quotes and commas
    const fitted = fitRow(r, 10_000)!;
    expect(fitted).toEqual({ row: r, chars: expect.any(Number), truncated: [] });
    expect(fitted.chars).toBeGreaterThan(100);
    expect(fitted.chars).toBeLessThan(chars);
  });

  it('measures a row exactly when its length alone cannot show that it fits', () => {
    // 1.5 million plain characters: six bytes each would be over the limit, one each is not.
    const r = row({ input_text: 'a'.repeat(1_500_000) });
    expect(fitRow(r)).toEqual({ row: r, chars: expect.any(Number), truncated: [] });
    const escaped = row({ input_text: '\u0001'.repeat(1_500_000) });
    expect(fitRow(escaped)!.truncated).toEqual(['input_text']);
  });

  it('cuts control characters counted at six bytes each (874 KB of them in service.name)', () => {
    const poison = '\u0001'.repeat(874_000);
    const fitted = fitRow(row({ service_name: poison, resource_attributes: { 'service.name': poison } }))!;
    expect(bytes(JSON.stringify(fitted.row))).toBeLessThanOrEqual(MAX_ROW_BYTES);
    expect(fitted.truncated).toEqual(['service_name', 'resource_attributes["service.name"]']);
    const stored = fitted.row;
    expect(stored.service_name).toMatch(/^\u0001+…\[truncated by Vigil: \d+ of 874000 characters cut\]$/);
    expect(stored.input_text).toBe('hi');
    expect(stored.attributes['acme.x']).toBe('y');
    expect(stored.attributes['vigil.warning']).toMatch(/^the stored row would exceed 8388608 bytes: cut service_name, resource_attributes\["service.name"\]/);
  });

  it('cuts only the largest values, all to one size, and empties JSON columns rather than break them', () => {
    const fitted = fitRow(row({ input_text: 'a'.repeat(6000), output_text: '"'.repeat(6000), input_messages: JSON.stringify([{ role: 'user', content: 'b'.repeat(6000) }]) }), 10_000)!;
    expect(bytes(JSON.stringify(fitted.row))).toBeLessThanOrEqual(10_000);
    const stored = fitted.row;
    expect(stored.input_messages).toBe('');
    expect(stored.input_text.length).toBeGreaterThan(1000);
    expect(stored.output_text).toMatch(/^"+…\[truncated by Vigil/);
    expect([stored.name, stored.documents, stored.attributes['acme.x']]).toEqual(['chat', ['doc'], 'y']);
  });

  it('gives up (the span is rejected) when even cut values cannot fit', () => {
    const attributes = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`key.${i}`, 'v']));
    expect(fitRow(row({ attributes }), 10_000)).toBeUndefined();
  });
});

describe('sizes', () => {
  it('finds the common size that keeps the total in budget', () => {
    expect(waterLevel([10, 20, 1000], 100)).toBe(70);
    expect(waterLevel([10, 20], 100)).toBe(Infinity);
    expect(waterLevel([500, 500], 100)).toBe(50);
  });

  it('counts JSON escapes and never splits a surrogate pair', () => {
    expect(prefixWithinJsonBytes('ab"c', 3)).toBe('ab');
    expect(prefixWithinJsonBytes('\u0001\n', 7)).toBe('\u0001');
    expect(prefixWithinJsonBytes('a😀b', 4)).toBe('a');
    expect(prefixWithinJsonBytes('a😀b', 5)).toBe('a😀');
    expect(prefixWithinJsonBytes('é€', 5)).toBe('é€');
    const cut = cutToJsonBytes('x'.repeat(1000), 300);
    expect(Buffer.byteLength(JSON.stringify(cut))).toBeLessThanOrEqual(300);
  });
});
