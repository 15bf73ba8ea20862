import { describe, expect, it } from 'vitest';
import { costColours, NO_COST_COLOUR, SPAN_TYPES, TYPE_COLOURS } from './colours.ts';
import { makeSpan } from './fixtures.ts';

describe('colours', () => {
  it('gives every span type a distinct colour', () => {
    expect(SPAN_TYPES).toEqual(['agent', 'llm', 'tool', 'retriever', 'embedding', 'chain', 'guardrail', 'other']);
    expect(new Set(Object.values(TYPE_COLOURS)).size).toBe(8);
  });
  it('colours costly spans hotter and leaves free spans out', () => {
    const c = costColours([makeSpan({ spanId: 'cheap', costUsd: 0.0001 }), makeSpan({ spanId: 'dear', costUsd: 0.5 }), makeSpan({ spanId: 'free' })]);
    expect(c.has('free')).toBe(false);
    expect(c.get('cheap')).not.toBe(c.get('dear'));
    expect(c.get('dear')).not.toBe(NO_COST_COLOUR);
    expect(costColours([makeSpan({ spanId: 'one', costUsd: 0.2 })]).size).toBe(1);
  });
});
