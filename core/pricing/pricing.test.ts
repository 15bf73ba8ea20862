import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { createPricing, PRICE_TABLE, PriceEntriesSchema, PriceEntrySchema, type PriceEntry } from './index.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPriceOverrides, parsePriceOverrides } from './load.ts';

const pricing = createPricing();
const jan2025 = new Date('2025-01-15T12:00:00Z');

describe('createPricing().price', () => {
  it('prices cached and reasoning tokens without counting them twice (gpt-4o worked example)', () => {
    // gpt-4o: $2.50 input, $1.25 cached input, $10 output per million tokens.
    // 1000 input of which 400 cached, 500 output of which 200 reasoning:
    //   600 × 2.50 + 400 × 1.25 + 500 × 10 = 1500 + 500 + 5000 = 7000 per million = $0.007.
    const result = pricing.price('gpt-4o', { input: 1000, output: 500, cached: 400, reasoning: 200 }, jan2025);
    expect(result.status).toBe('priced');
    expect(result.cost_usd).toBeCloseTo(0.007, 12);
  });

  it('prices Anthropic cache reads and cache writes as parts of the inclusive input count', () => {
    // claude-sonnet-4-5: $3 input, $0.30 cache read, $3.75 cache write, $15 output.
    // input 1000 = 100 fresh + 800 read + 100 written; output 200:
    //   100 × 3 + 800 × 0.30 + 100 × 3.75 + 200 × 15 = 300 + 240 + 375 + 3000 = $0.003915.
    const usage = { input: 1000, output: 200, cached: 800, reasoning: 0, cacheWrite: 100 };
    const result = pricing.price('claude-sonnet-4-5-20250929', usage, new Date('2025-10-01'));
    expect(result.cost_usd).toBeCloseTo(0.003915, 12);
  });

  it('charges cached tokens at the input rate when the model has no cached rate', () => {
    // gpt-4-turbo: $10 input, $30 output, no cached rate: 1000 × 10 + 100 × 30 = $0.013.
    const result = pricing.price('gpt-4-turbo-2024-04-09', { input: 1000, output: 100, cached: 600, reasoning: 0 }, jan2025);
    expect(result.cost_usd).toBeCloseTo(0.013, 12);
  });

  it("says 'none' when there are no tokens and 'unpriced' for an unknown model", () => {
    expect(pricing.price('gpt-4o', { input: 0, output: 0, cached: 0, reasoning: 0 })).toEqual({ cost_usd: 0, status: 'none' });
    expect(pricing.price('', { input: 0, output: 0, cached: 0, reasoning: 0 })).toEqual({ cost_usd: 0, status: 'none' });
    expect(pricing.price('my-local-llm', { input: 10, output: 5, cached: 0, reasoning: 0 })).toEqual({
      cost_usd: 0,
      status: 'unpriced',
    });
    expect(pricing.price('', { input: 10, output: 5, cached: 0, reasoning: 0 }).status).toBe('unpriced');
  });

  it('picks the latest entry effective at the span time', () => {
    const usage = { input: 1_000_000, output: 0, cached: 0, reasoning: 0 };
    // o3 was cut from $10 to $2 per million input tokens on 2025-06-10.
    expect(pricing.price('o3', usage, new Date('2025-05-01')).cost_usd).toBeCloseTo(10, 9);
    expect(pricing.price('o3', usage, new Date('2025-06-10T00:00:00Z')).cost_usd).toBeCloseTo(2, 9);
    expect(pricing.price('o3-2025-04-16', usage, new Date('2025-07-01')).cost_usd).toBeCloseTo(2, 9);
    // The gpt-4o alias was $5 until it moved to the 2024-08-06 snapshot.
    expect(pricing.price('gpt-4o', usage, new Date('2024-06-01')).cost_usd).toBeCloseTo(5, 9);
    // Before any known entry (clock skew): the oldest price rather than 'unpriced'.
    expect(pricing.price('o3', usage, new Date('2020-01-01')).cost_usd).toBeCloseTo(10, 9);
  });

  it('lets configured overrides win over the shipped table, from their effective date', () => {
    const override: PriceEntry = {
      pattern: '^gpt-4o$',
      provider: 'openai',
      input_per_mtok: 1,
      output_per_mtok: 2,
      effective_from: '2025-01-01',
      source: 'enterprise contract',
    };
    const custom = createPricing([override]);
    const usage = { input: 1_000_000, output: 1_000_000, cached: 0, reasoning: 0 };
    expect(custom.price('gpt-4o', usage, jan2025).cost_usd).toBeCloseTo(3, 9);
    expect(custom.price('gpt-4o', usage, new Date('2024-12-01')).cost_usd).toBeCloseTo(12.5, 9);
    expect(custom.price('my-finetune', usage, jan2025).status).toBe('unpriced');
    const withNew = createPricing([{ ...override, pattern: '^my-finetune$' }]);
    expect(withNew.price('my-finetune', usage, jan2025)).toEqual({ cost_usd: 3, status: 'priced' });
  });
});

describe('model name matching', () => {
  const cases: [name: string, provider: string, inputPerMtok: number][] = [
    ['gpt-4o-mini-2024-07-18', 'openai', 0.15],
    ['openai/GPT-4o-mini', 'openai', 0.15],
    ['gpt-4.1-nano-2025-04-14', 'openai', 0.1],
    ['gpt-4.1', 'openai', 2],
    ['gpt-5-mini', 'openai', 0.25],
    ['gpt-5-2025-08-07', 'openai', 1.25],
    ['o4-mini-2025-04-16', 'openai', 1.1],
    ['o1-preview', 'openai', 15],
    ['text-embedding-3-small', 'openai', 0.02],
    ['claude-3-5-sonnet-20241022', 'anthropic', 3],
    ['claude-3-5-sonnet-v2@20241022', 'anthropic', 3],
    ['us.anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic', 0.8],
    ['anthropic/claude-sonnet-4.5', 'anthropic', 3],
    ['claude-opus-4-1-20250805', 'anthropic', 15],
    ['claude-opus-4-20250514', 'anthropic', 15],
    ['claude-haiku-4-5', 'anthropic', 1],
    ['models/gemini-1.5-pro-002', 'google', 1.25],
    ['gemini-2.5-flash-lite', 'google', 0.1],
    ['gemini-2.5-flash-preview-05-20', 'google', 0.3],
    ['gemini-2.0-flash-001', 'google', 0.1],
    ['mistral-large-latest', 'mistral', 2],
  ];
  it.each(cases)('%s → %s at $%d input', (name, provider, inputPerMtok) => {
    const entry = pricing.lookup(name, new Date('2025-11-24'));
    expect(entry?.provider).toBe(provider);
    expect(entry?.input_per_mtok).toBe(inputPerMtok);
  });

  it('does not let a family name swallow its smaller siblings', () => {
    expect(pricing.lookup('gpt-4o-mini', jan2025)?.input_per_mtok).toBe(0.15);
    expect(pricing.lookup('gemini-2.0-flash-lite', jan2025)?.input_per_mtok).toBe(0.075);
    expect(pricing.lookup('gpt-4o-audio-preview', jan2025)).toBeUndefined();
  });
});

describe('PriceEntrySchema', () => {
  it('accepts every shipped entry', () => {
    expect(PriceEntriesSchema.safeParse(PRICE_TABLE.entries).success).toBe(true);
  });

  it('rejects a bad override with a message that says what to fix', () => {
    const result = PriceEntrySchema.safeParse({
      pattern: '^gpt-4o(',
      provider: 'openai',
      input_per_mtok: -1,
      output_per_mtok: '10',
      effective_from: '2025/01/01',
      source: 'x',
    });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        'pattern: pattern is not a valid regular expression',
        'input_per_mtok: input_per_mtok must be >= 0 (US dollars per million tokens)',
        'output_per_mtok: output_per_mtok must be a number of US dollars per million tokens, e.g. 2.5',
        'effective_from: effective_from must be a date written YYYY-MM-DD',
      ]),
    );
  });
});

describe('parsePriceOverrides', () => {
  const valid = { pattern: '^my-model$', provider: 'self', input_per_mtok: 1, output_per_mtok: 2, effective_from: '2025-01-01', source: 'contract' };

  it('accepts a list or {prices: [...]}', () => {
    expect(parsePriceOverrides([valid], 'prices.yaml')).toEqual([valid]);
    expect(parsePriceOverrides({ prices: [valid] }, 'prices.yaml')).toEqual([valid]);
  });

  it('names the file, the entry and the field that is wrong', () => {
    expect(() => parsePriceOverrides([valid, { ...valid, output_per_mtok: -2 }], 'prices.yaml')).toThrow(
      'prices.yaml: prices[1].output_per_mtok: output_per_mtok must be >= 0',
    );
    expect(() => parsePriceOverrides({ models: [] }, 'prices.yaml')).toThrow(ConfigError);
  });
});

describe('loadPriceOverrides', () => {
  it('names the file, line, entry and field of each mistake', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'prices-')), 'prices.yaml');
    writeFileSync(file, 'prices:\n  - pattern: "^x$"\n    provider: acme\n    input_per_mtok: -1\n    output_per_mtok: 2\n    effective_from: 2026-13-01\n    source: test\n');
    expect(() => loadPriceOverrides(file)).toThrow(`${file}:4: prices[0].input_per_mtok: input_per_mtok must be >= 0`);
    expect(() => loadPriceOverrides(file)).toThrow(`${file}:6: prices[0].effective_from`);
    writeFileSync(file, 'prices: [\n');
    expect(() => loadPriceOverrides(file)).toThrow(/not valid YAML or JSON .*line 2/s);
  });
});
