// Prices a span's token usage from the model price table (prices.ts), with configured overrides
// taking precedence. Pure: no I/O, no clock (the caller passes the span's time).
import { normalizeModelName } from './model-name.ts';
import { PRICE_TABLE } from './prices.ts';
import type { PriceEntry, PriceTable } from './schema.ts';


/**
 * Token counts with Vigil's inclusive semantics (see SpanRow): `input` includes `cached` and
 * `cacheWrite`; `output` includes `reasoning`. `reasoning` never changes the cost, it is already
 * inside `output`.
 */
export interface TokenUsage {
  input: number;
  output: number;
  cached: number;
  reasoning: number;
  /** Input tokens written to the prompt cache (Anthropic), part of `input`. */
  cacheWrite?: number;
}

export interface PriceResult {
  cost_usd: number;
  /** 'none': no tokens at all; 'unpriced': tokens but no price known for the model. */
  status: 'priced' | 'unpriced' | 'none';
}

export interface Pricing {
  price(model: string, usage: TokenUsage, at?: Date): PriceResult;
  /** The entry that prices `model` at time `at` (default: now), if any. */
  lookup(model: string, at?: Date): PriceEntry | undefined;
}

interface PatternGroup {
  regex: RegExp;
  /** Entries of one pattern, oldest effective_from first. */
  entries: { entry: PriceEntry; fromMs: number }[];
}

const MAX_CACHED_NAMES = 10_000;

function compile(entries: readonly PriceEntry[]): PatternGroup[] {
  const groups = new Map<string, PatternGroup>();
  for (const entry of entries) {
    let group = groups.get(entry.pattern);
    if (!group) {
      group = { regex: new RegExp(entry.pattern, 'i'), entries: [] };
      groups.set(entry.pattern, group);
    }
    group.entries.push({ entry, fromMs: Date.parse(`${entry.effective_from}T00:00:00Z`) });
  }
  for (const group of groups.values()) group.entries.sort((a, b) => a.fromMs - b.fromMs);
  return [...groups.values()];
}

function effectiveAt(group: PatternGroup, atMs: number): PriceEntry | undefined {
  let found: PriceEntry | undefined;
  for (const { entry, fromMs } of group.entries) if (fromMs <= atMs) found = entry;
  return found;
}

function count(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : 0;
}

/** US dollars for `usage` at `entry`'s rates; see TokenUsage for what each count includes. */
export function costOf(entry: PriceEntry, usage: TokenUsage): number {
  const input = count(usage.input);
  const cached = Math.min(count(usage.cached), input);
  const cacheWrite = Math.min(count(usage.cacheWrite), input - cached);
  const uncached = input - cached - cacheWrite;
  const inputRate = entry.input_per_mtok;
  const microDollars =
    uncached * inputRate +
    cached * (entry.cached_input_per_mtok ?? inputRate) +
    cacheWrite * (entry.cache_write_per_mtok ?? inputRate) +
    count(usage.output) * entry.output_per_mtok;
  // Rates are per million tokens, so this sum is in millionths of a dollar. Rounded to 1e-12
  // dollars so that stored costs do not carry float noise like 0.000013199999999999999.
  return Math.round(microDollars * 1_000_000) / 1_000_000_000_000;
}

/**
 * `overrides` (from configuration, validated with PriceEntrySchema) are consulted before the
 * shipped table. For a model, the first pattern group (overrides, then table order) that matches
 * and has an entry effective at the span's time wins; within it, the latest such entry. A span
 * dated before every matching entry (clock skew, early access) gets the oldest known price.
 */
export function createPricing(overrides: readonly PriceEntry[] = [], table: PriceTable = PRICE_TABLE): Pricing {
  const groups = [...compile(overrides), ...compile(table.entries)];
  // Regex matching happens once per distinct model name, not once per span.
  const matchesByName = new Map<string, PatternGroup[]>();

  function matchingGroups(model: string): PatternGroup[] {
    let matches = matchesByName.get(model);
    if (matches) return matches;
    const name = normalizeModelName(model);
    matches = name === '' ? [] : groups.filter((group) => group.regex.test(name));
    if (matchesByName.size >= MAX_CACHED_NAMES) matchesByName.clear();
    matchesByName.set(model, matches);
    return matches;
  }

  function lookup(model: string, at?: Date): PriceEntry | undefined {
    const matches = matchingGroups(model);
    const atMs = at ? at.getTime() : Date.now();
    for (const group of matches) {
      const entry = effectiveAt(group, atMs);
      if (entry) return entry;
    }
    return matches[0]?.entries[0]?.entry;
  }

  function price(model: string, usage: TokenUsage, at?: Date): PriceResult {
    const tokens = count(usage.input) + count(usage.output) + count(usage.cached) + count(usage.reasoning);
    if (tokens === 0) return { cost_usd: 0, status: 'none' };
    const entry = lookup(model, at);
    if (!entry) return { cost_usd: 0, status: 'unpriced' };
    return { cost_usd: costOf(entry, usage), status: 'priced' };
  }

  return { price, lookup };
}
