import { describe, expect, it } from 'vitest';
import { formatVerdictLine, parseInputLine } from './jsonl.ts';

describe('parseInputLine', () => {
  it('accepts a string or string[] context and keeps extra fields', () => {
    expect(parseInputLine('{"context": ["a", "b"], "answer": "c", "id": 7}', 1)).toEqual({
      kind: 'record',
      record: { context: ['a', 'b'], answer: 'c', passthrough: { id: 7 } },
    });
  });

  it('skips blank lines', () => {
    expect(parseInputLine('   ', 3)).toEqual({ kind: 'blank' });
  });

  it('names the line and the problem', () => {
    const error = (line: string) => {
      const result = parseInputLine(line, 12);
      return result.kind === 'error' ? result.message : undefined;
    };
    expect(error('{"context": "a", "answer": ')).toMatch(/^line 12: invalid JSON/);
    expect(error('["a"]')).toMatch(/^line 12: expected a JSON object/);
    expect(error('{"answer": "x"}')).toBe('line 12: missing field "context"');
    expect(error('{"context": "x"}')).toBe('line 12: missing field "answer"');
    expect(error('{"context": ["a", 2], "answer": "x"}')).toBe(
      'line 12: field "context" must be a string or an array of strings',
    );
    expect(error('{"context": "a", "answer": 5}')).toBe('line 12: field "answer" must be a string');
  });
});

describe('formatVerdictLine', () => {
  it('writes score, flag and unsupported claims, then the passthrough fields', () => {
    const line = formatVerdictLine(
      { context: 'Refunds within 14 days.', answer: 'Refunds within 30 days.', passthrough: { id: 'a1' } },
      { threshold: 0.35 },
    );
    const parsed = JSON.parse(line);
    expect(Object.keys(parsed)).toEqual(['score', 'flagged', 'unsupported', 'id']);
    expect(parsed).toMatchObject({ flagged: true, id: 'a1', unsupported: [{ claim: 'Refunds within 30 days.' }] });
    expect(parsed.unsupported[0]).toMatchObject({
      passage: 'Refunds within 14 days.',
      reasons: ['number "30" is not in the context'],
    });
  });

  it('does not let an input field overwrite the verdict', () => {
    const parsed = parseInputLine('{"context": "a b c", "answer": "Hello!", "score": "label", "note": 1}', 1);
    expect(parsed.kind).toBe('record');
    if (parsed.kind !== 'record') return;
    expect(JSON.parse(formatVerdictLine(parsed.record, { threshold: 0.61 }))).toEqual({ score: 1, flagged: false, unsupported: [], note: 1 });
  });
});
