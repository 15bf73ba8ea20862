// Token semantics: SpanRow counts are inclusive (input ⊇ cached, output ⊇ reasoning) whatever
// the emitter's convention, so cost is never counted twice nor left out.
import { describe, expect, it } from 'vitest';
import { createPricing } from '../../core/pricing/index.ts';
import { otlpSpan } from './fixtures/span.ts';
import { normalizeSpan } from './normalize.ts';
import { toUsage } from './tokens.ts';

const pricing = createPricing();

describe('toUsage', () => {
  it('trusts inclusive counts and adds disjoint ones', () => {
    expect(toUsage({ input: 1000, cacheRead: 400, output: 500, reasoning: 200 })).toEqual({
      input: 1000,
      output: 500,
      cached: 400,
      cacheWrite: 0,
      reasoning: 200,
    });
    // Anthropic's own counts: input excludes cache reads and writes.
    expect(toUsage({ input: 100, cacheRead: 800, cacheWrite: 100, output: 5 }, true)?.input).toBe(1000);
    // Parts larger than their whole prove the emitter reported them separately.
    expect(toUsage({ input: 100, cacheRead: 800, output: 5 })?.input).toBe(900);
    expect(toUsage({ input: 10, output: 40, reasoning: 300 })?.output).toBe(340);
    expect(toUsage({})).toBeUndefined();
  });
});

describe('Vercel AI SDK usage', () => {
  const call = {
    'ai.operationId': 'ai.generateText.doGenerate',
    'ai.model.id': 'claude-sonnet-4-5',
    'ai.model.provider': 'anthropic.messages',
  };

  it('treats v6 inputTokens as the inclusive total', () => {
    const row = normalizeSpan(
      otlpSpan('ai.generateText.doGenerate', {
        ...call,
        'ai.usage.inputTokens': 2050,
        'ai.usage.inputTokenDetails.noCacheTokens': 50,
        'ai.usage.inputTokenDetails.cacheReadTokens': 2000,
        'ai.usage.cachedInputTokens': 2000,
        'ai.usage.outputTokens': 100,
        'gen_ai.usage.input_tokens': 2050,
        'gen_ai.usage.output_tokens': 100,
      }),
      pricing,
    );
    expect([row.input_tokens, row.cached_tokens]).toEqual([2050, 2000]);
    // 50 × 3 + 2000 × 0.30 + 100 × 15 = 2250 per million
    expect(row.cost_usd).toBeCloseTo(0.00225, 12);
  });

  it('prices OpenAI calls through the SDK with cached and reasoning tokens inside their totals', () => {
    const row = normalizeSpan(
      otlpSpan('ai.generateText.doGenerate', {
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.model.id': 'o3',
        'ai.model.provider': 'openai.responses',
        'ai.usage.inputTokens': 10_000,
        'ai.usage.cachedInputTokens': 8_000,
        'ai.usage.outputTokens': 3_000,
        'ai.usage.reasoningTokens': 2_500,
      }),
      pricing,
    );
    expect([row.input_tokens, row.cached_tokens, row.output_tokens, row.reasoning_tokens]).toEqual([10_000, 8_000, 3_000, 2_500]);
    // o3 after 2025-06-10, 2 / 0.50 / 8: 2000 × 2 + 8000 × 0.5 + 3000 × 8 = 32000 per million
    expect(row.cost_usd).toBeCloseTo(0.032, 12);
  });

  it('gives wrapper spans no token columns, so an execution is costed once', () => {
    const wrapper = normalizeSpan(
      otlpSpan('ai.streamText', {
        'ai.operationId': 'ai.streamText',
        'ai.model.id': 'gpt-4o',
        'ai.usage.inputTokens': 3000,
        'ai.usage.outputTokens': 300,
      }),
      pricing,
    );
    expect([wrapper.span_type, wrapper.input_tokens, wrapper.cost_status]).toEqual(['chain', 0, 'none']);
    expect(wrapper.attributes['ai.usage.inputTokens']).toBe('3000');
  });
});
