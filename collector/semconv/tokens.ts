// Token counts normalized to Vigil's inclusive semantics (core/spans/row.ts): input includes
// cache reads and cache writes, output includes reasoning.
//
// Conventions differ in what they report:
// - OTel GenAI: gen_ai.usage.input_tokens "SHOULD include all types of input tokens, including
//   cached tokens", and gen_ai.usage.cache_read.input_tokens / cache_creation.input_tokens "SHOULD
//   be included in gen_ai.usage.input_tokens" (semconv gen-ai spans, checked 2026-11).
// - OpenAI reports prompt_tokens including cached tokens, completion_tokens including reasoning.
// - Anthropic reports input_tokens excluding cache_read_input_tokens and cache_creation_input_tokens;
//   the Vercel AI SDK up to v5 passes that number through as ai.usage.inputTokens.
// - Gemini reports candidatesTokenCount excluding thoughtsTokenCount.
// Where an emitter's semantics are unknown, a part larger than its whole proves the counts are
// disjoint, and we add them; otherwise we trust the convention's stated (inclusive) semantics.
import type { AttributeValue } from '../otlp/model.ts';
import { tokenCount } from './attributes.ts';

export interface Usage {
  input: number;
  output: number;
  cached: number;
  /** Input tokens written to the prompt cache; part of input. */
  cacheWrite: number;
  reasoning: number;
}

export interface RawUsage {
  input?: number | undefined;
  output?: number | undefined;
  cacheRead?: number | undefined;
  cacheWrite?: number | undefined;
  reasoning?: number | undefined;
}

export const NO_USAGE: Usage = { input: 0, output: 0, cached: 0, cacheWrite: 0, reasoning: 0 };

/** The first present token count among the values, in order. */
export function firstCount(...values: (AttributeValue | undefined)[]): number | undefined {
  for (const value of values) {
    const n = tokenCount(value);
    if (n !== undefined) return n;
  }
  return undefined;
}

/**
 * Inclusive usage from raw counts; undefined when no count at all is present.
 * `inputExcludesCache`: the emitter is known to report input without cache reads/writes.
 */
export function toUsage(raw: RawUsage, inputExcludesCache = false): Usage | undefined {
  const { input, output, cacheRead, cacheWrite, reasoning } = raw;
  if (input === undefined && output === undefined && cacheRead === undefined && cacheWrite === undefined && reasoning === undefined) {
    return undefined;
  }
  const cached = cacheRead ?? 0;
  const written = cacheWrite ?? 0;
  let totalInput = input ?? 0;
  if (inputExcludesCache || cached + written > totalInput) totalInput += cached + written;
  const thinking = reasoning ?? 0;
  let totalOutput = output ?? 0;
  if (thinking > totalOutput) totalOutput += thinking;
  return { input: totalInput, output: totalOutput, cached, cacheWrite: written, reasoning: thinking };
}
