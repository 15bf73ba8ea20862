import { describe, expect, it } from 'vitest';
import { checkLoop, DEFAULT_LOOP_LIMITS, type ExecutionSteps } from './loop.ts';

type Call = [name: string, args: string];

const execution = (calls: Call[], extra: Partial<ExecutionSteps> = {}): ExecutionSteps => ({
  toolCalls: calls.map(([name, args], i) => ({ spanId: `span-${i}`, name, arguments: args })),
  llmCalls: calls.length,
  spans: calls.length * 2 + 1,
  tokens: 1_000,
  costUsd: 0.01,
  ...extra,
});

const repeat = (n: number, name: string, args: (i: number) => string): Call[] => Array.from({ length: n }, (_, i) => [name, args(i)]);

describe('checkLoop', () => {
  it('passes an execution with a few distinct calls and retries up to the limit', () => {
    const result = checkLoop(execution([...repeat(3, 'lookup_order', () => '{"id":7}'), ['refund', '{"id":7}']]));
    expect(result).toMatchObject({ check: 'loop', label: 'ok', passed: true, spanId: '', score: 1 });
    expect(result.explanation).toMatch(/^No loop: no tool was called more than 3 times with the same arguments/);
  });

  it('flags the same tool with the same arguments past the limit, pointing at the first call over it', () => {
    const result = checkLoop(execution([['search', '{}'], ...repeat(6, 'lookup_order', () => '{"id":7}')]));
    expect(result).toMatchObject({ label: 'repeated_tool_call', passed: false, spanId: 'span-4', score: 2 });
    expect(result.explanation).toBe('Tool lookup_order was called 6 times with the same arguments (limit 3).');
    expect(result.details?.['repeatedToolCalls']).toEqual([
      { name: 'lookup_order', count: 6, spanIds: ['span-1', 'span-2', 'span-3', 'span-4', 'span-5', 'span-6'] },
    ]);
  });

  it('compares arguments as canonical JSON, and non-JSON arguments trimmed', () => {
    const calls: Call[] = [
      ['lookup_order', '{"id": 7, "fields": ["a", "b"]}'],
      ['lookup_order', '{"fields":["a","b"],"id":7}'],
      ['lookup_order', ' {\n  "id": 7,\n  "fields": ["a","b"]\n}'],
      ['lookup_order', '{"fields":["a","b"],"id":7}'],
    ];
    expect(checkLoop(execution(calls)).label).toBe('repeated_tool_call');
    expect(checkLoop(execution(repeat(4, 'shell', (i) => (i % 2 ? ' ls -la\n' : 'ls -la')))).label).toBe('repeated_tool_call');
  });

  it('does not count calls that differ in arguments, array order, or tool name', () => {
    const calls: Call[] = [
      ['lookup_order', '{"id":7}'],
      ['lookup_order', '{"id":8}'],
      ['lookup_order', '{"ids":[1,2]}'],
      ['lookup_order', '{"ids":[2,1]}'],
      ['get_order', '{"id":7}'],
      ['lookup_order', '{"id":"7"}'],
    ];
    expect(checkLoop(execution(calls)).label).toBe('ok');
  });

  it('flags step, token and cost budgets, most severe first, and lists every violation', () => {
    const steps = execution(repeat(30, 'search', (i) => `{"q":${i}}`), { tokens: 250_000, costUsd: 4.21 });
    const result = checkLoop(steps, { ...DEFAULT_LOOP_LIMITS, maxSteps: 50, maxTokens: 200_000, maxCostUsd: 2 });
    expect(result).toMatchObject({ label: 'too_many_steps', passed: false, spanId: '' });
    expect(result.explanation).toBe('The execution took 60 steps: 30 tool calls and 30 LLM calls (limit 50). Also over the limit: too many tokens, too expensive.');
    expect(result.score).toBeCloseTo(4.21 / 2);
    expect(result.details?.['violations']).toEqual([
      { label: 'too_many_steps', observed: 60, limit: 50 },
      { label: 'too_many_tokens', observed: 250_000, limit: 200_000 },
      { label: 'too_expensive', observed: 4.21, limit: 2 },
    ]);
    expect(checkLoop(steps, { ...DEFAULT_LOOP_LIMITS, maxCostUsd: 2 }).explanation).toBe('The execution cost $4.21 (limit $2.00).');
  });

  it('scores how close a passing execution came to its nearest limit', () => {
    const result = checkLoop(execution([['a', '1']], { tokens: 150_000 }), { maxRepeatedToolCalls: 3, maxTokens: 200_000 });
    expect(result).toMatchObject({ label: 'ok', score: 0.75 });
  });

  it('passes an execution without tool calls', () => {
    expect(checkLoop({ toolCalls: [], llmCalls: 1, spans: 1, tokens: 10, costUsd: 0 })).toMatchObject({ label: 'ok', passed: true, score: 0 });
  });

  it('keeps arguments out of the result, since they may hold personal data', () => {
    const result = checkLoop(execution(repeat(5, 'send_email', () => '{"to":"jane@example.com"}')));
    expect(result.explanation + JSON.stringify(result.details)).not.toContain('jane@example.com');
  });
});
