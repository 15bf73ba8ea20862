// The model price table shipped with Vigil, in US dollars per million tokens. Configuration can
// override or extend it (same entry shape, see schema.ts). Lookup is first match in this order, so
// specific patterns come before generic ones; within one pattern the latest entry whose
// effective_from is on or before the span's time applies.
//
// Only list what the provider's public price page states for standard (non-batch, non-priority)
// requests at the base context tier. Not modelled: long-context tiers (Sonnet 4/4.5 above 200k
// input tokens, Gemini 2.5 Pro above 200k), Anthropic 1-hour cache writes, Gemini cache storage
// per hour, audio/image token rates, batch discounts.
import type { PriceEntry, PriceTable } from './schema.ts';

const OPENAI = 'https://platform.openai.com/docs/pricing';
const ANTHROPIC = 'https://docs.anthropic.com/en/docs/about-claude/pricing';
const GOOGLE = 'https://ai.google.dev/gemini-api/docs/pricing';
const MISTRAL = 'https://mistral.ai/pricing#api-pricing';

/** Optional dated-snapshot suffixes, as the providers spell them. */
const OPENAI_DATE = '(-\\d{4}-\\d{2}-\\d{2})?';
const ANTHROPIC_DATE = '(-\\d{8}|-latest)?';
const GEMINI_VERSION = '(-\\d{3}|-latest|-preview[-.\\w]*|-exp[-.\\w]*)?';

function entry(
  pattern: string,
  provider: string,
  source: string,
  effective_from: string,
  rates: [input: number, output: number, cachedInput?: number, cacheWrite?: number],
): PriceEntry {
  const [input_per_mtok, output_per_mtok, cached_input_per_mtok, cache_write_per_mtok] = rates;
  return {
    pattern,
    provider,
    input_per_mtok,
    output_per_mtok,
    ...(cached_input_per_mtok === undefined ? {} : { cached_input_per_mtok }),
    ...(cache_write_per_mtok === undefined ? {} : { cache_write_per_mtok }),
    effective_from,
    source,
  };
}

const openai = (pattern: string, from: string, rates: [number, number, number?]) =>
  entry(pattern, 'openai', OPENAI, from, rates);
const anthropic = (pattern: string, from: string, rates: [number, number, number, number]) =>
  entry(pattern, 'anthropic', ANTHROPIC, from, rates);
const google = (pattern: string, from: string, rates: [number, number, number?]) =>
  entry(pattern, 'google', GOOGLE, from, rates);
const mistral = (pattern: string, from: string, rates: [number, number]) =>
  entry(pattern, 'mistral', MISTRAL, from, rates);

export const PRICE_TABLE: PriceTable = {
  as_of: '2025-11-24',
  entries: [
    // OpenAI: GPT-5 family
    openai(`^gpt-5-pro${OPENAI_DATE}$`, '2025-10-06', [15, 120]),
    openai(`^gpt-5[.-]1(-chat-latest|-codex)?${OPENAI_DATE}$`, '2025-11-13', [1.25, 10, 0.125]),
    openai(`^gpt-5-mini${OPENAI_DATE}$`, '2025-08-07', [0.25, 2, 0.025]),
    openai(`^gpt-5-nano${OPENAI_DATE}$`, '2025-08-07', [0.05, 0.4, 0.005]),
    openai(`^gpt-5(-chat-latest|-codex)?${OPENAI_DATE}$`, '2025-08-07', [1.25, 10, 0.125]),
    // OpenAI: GPT-4.1 family
    openai(`^gpt-4\\.1-mini${OPENAI_DATE}$`, '2025-04-14', [0.4, 1.6, 0.1]),
    openai(`^gpt-4\\.1-nano${OPENAI_DATE}$`, '2025-04-14', [0.1, 0.4, 0.025]),
    openai(`^gpt-4\\.1${OPENAI_DATE}$`, '2025-04-14', [2, 8, 0.5]),
    // OpenAI: GPT-4o family. The bare alias moved to the cheaper 2024-08-06 snapshot on 2024-10-02.
    openai(`^gpt-4o-mini${OPENAI_DATE}$`, '2024-07-18', [0.15, 0.6, 0.075]),
    openai('^gpt-4o-2024-05-13$', '2024-05-13', [5, 15]),
    openai('^chatgpt-4o-latest$', '2024-08-13', [5, 15]),
    openai('^gpt-4o-2024-(08-06|11-20)$', '2024-08-06', [2.5, 10, 1.25]),
    openai('^gpt-4o$', '2024-05-13', [5, 15]),
    openai('^gpt-4o$', '2024-10-02', [2.5, 10, 1.25]),
    // OpenAI: reasoning models (reasoning tokens are billed as output tokens)
    openai(`^o1-pro${OPENAI_DATE}$`, '2025-03-19', [150, 600]),
    openai(`^o1-mini${OPENAI_DATE}$`, '2024-09-12', [3, 12, 1.5]),
    openai(`^o1-mini${OPENAI_DATE}$`, '2025-01-31', [1.1, 4.4, 0.55]),
    openai(`^o1(-preview)?${OPENAI_DATE}$`, '2024-09-12', [15, 60, 7.5]),
    openai(`^o3-pro${OPENAI_DATE}$`, '2025-06-10', [20, 80]),
    openai(`^o3-mini${OPENAI_DATE}$`, '2025-01-31', [1.1, 4.4, 0.55]),
    openai(`^o3${OPENAI_DATE}$`, '2025-04-16', [10, 40, 2.5]),
    openai(`^o3${OPENAI_DATE}$`, '2025-06-10', [2, 8, 0.5]),
    openai(`^o4-mini${OPENAI_DATE}$`, '2025-04-16', [1.1, 4.4, 0.275]),
    // OpenAI: older chat models
    openai(`^gpt-4-(turbo(-preview)?${OPENAI_DATE}|\\d{4}-preview)$`, '2023-11-06', [10, 30]),
    openai('^gpt-4(-0613)?$', '2023-06-13', [30, 60]),
    openai('^gpt-3\\.5-turbo(-0125)?$', '2024-01-25', [0.5, 1.5]),
    // OpenAI: embeddings (no output tokens)
    openai('^text-embedding-3-small$', '2024-01-25', [0.02, 0]),
    openai('^text-embedding-3-large$', '2024-01-25', [0.13, 0]),
    openai('^text-embedding-ada-002$', '2022-12-15', [0.1, 0]),

    // Anthropic: [input, output, cache read, 5-minute cache write]
    anthropic(`^claude-opus-4[-.]5${ANTHROPIC_DATE}$`, '2025-11-24', [5, 25, 0.5, 6.25]),
    anthropic(`^claude-opus-4[-.]1${ANTHROPIC_DATE}$`, '2025-08-05', [15, 75, 1.5, 18.75]),
    anthropic(`^claude-(opus-4|4-opus)${ANTHROPIC_DATE}$`, '2025-05-22', [15, 75, 1.5, 18.75]),
    anthropic(`^claude-sonnet-4[-.]5${ANTHROPIC_DATE}$`, '2025-09-29', [3, 15, 0.3, 3.75]),
    anthropic(`^claude-(sonnet-4|4-sonnet)${ANTHROPIC_DATE}$`, '2025-05-22', [3, 15, 0.3, 3.75]),
    anthropic(`^claude-3[-.]7-sonnet${ANTHROPIC_DATE}$`, '2025-02-24', [3, 15, 0.3, 3.75]),
    anthropic(`^claude-3[-.]5-sonnet(-v2)?${ANTHROPIC_DATE}$`, '2024-06-20', [3, 15, 0.3, 3.75]),
    anthropic(`^claude-haiku-4[-.]5${ANTHROPIC_DATE}$`, '2025-10-15', [1, 5, 0.1, 1.25]),
    anthropic(`^claude-3[-.]5-haiku${ANTHROPIC_DATE}$`, '2024-11-04', [0.8, 4, 0.08, 1]),
    anthropic(`^claude-3-opus${ANTHROPIC_DATE}$`, '2024-03-04', [15, 75, 1.5, 18.75]),
    anthropic(`^claude-3-haiku${ANTHROPIC_DATE}$`, '2024-03-13', [0.25, 1.25, 0.03, 0.3]),

    // Google Gemini API (AI Studio), prompts up to the base context tier; cached = context cache read.
    google(`^gemini-3-pro${GEMINI_VERSION}$`, '2025-11-18', [2, 12, 0.2]),
    google(`^gemini-2\\.5-pro${GEMINI_VERSION}$`, '2025-04-04', [1.25, 10, 0.31]),
    google(`^gemini-2\\.5-flash-lite${GEMINI_VERSION}$`, '2025-06-17', [0.1, 0.4, 0.025]),
    google(`^gemini-2\\.5-flash${GEMINI_VERSION}$`, '2025-06-17', [0.3, 2.5, 0.075]),
    google(`^gemini-2\\.0-flash-lite${GEMINI_VERSION}$`, '2025-02-05', [0.075, 0.3]),
    google(`^gemini-2\\.0-flash${GEMINI_VERSION}$`, '2025-02-05', [0.1, 0.4, 0.025]),
    google(`^gemini-1\\.5-flash-8b${GEMINI_VERSION}$`, '2024-10-03', [0.0375, 0.15, 0.01]),
    google(`^gemini-1\\.5-flash${GEMINI_VERSION}$`, '2024-08-12', [0.075, 0.3, 0.01875]),
    google(`^gemini-1\\.5-pro${GEMINI_VERSION}$`, '2024-10-01', [1.25, 5, 0.3125]),

    // Mistral (La Plateforme)
    mistral('^mistral-large(-latest|-\\d{4})?$', '2024-11-18', [2, 6]),
    mistral('^mistral-medium(-3|-latest|-25\\d{2})?$', '2025-05-07', [0.4, 2]),
    mistral('^mistral-small(-latest|-\\d{4})?$', '2025-03-17', [0.1, 0.3]),
    mistral('^codestral(-latest|-\\d{4})?$', '2025-01-13', [0.3, 0.9]),
    mistral('^mistral-embed$', '2023-12-11', [0.1, 0]),
  ],
};
