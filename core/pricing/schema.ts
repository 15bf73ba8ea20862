// The shape of one model price entry, shared by the shipped table (prices.ts) and by price
// overrides from configuration, which the config loader validates with `PriceEntrySchema`.
import { z } from 'zod';

function isRegex(pattern: string): boolean {
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch {
    return false;
  }
}

const rate = (what: string) =>
  z
    .number({ error: `${what} must be a number of US dollars per million tokens, e.g. 2.5` })
    .nonnegative({ error: `${what} must be >= 0 (US dollars per million tokens)` });

export const PriceEntrySchema = z.strictObject({
  /**
   * A regular expression, matched case-insensitively against the model name after provider
   * prefixes ("openai/", "models/", "us.anthropic.") and deployment suffixes ("-v1:0", "@2024…")
   * are removed. Anchor it and allow dated snapshots: "^gpt-4o-mini(-\\d{4}-\\d{2}-\\d{2})?$".
   */
  pattern: z
    .string({ error: 'pattern must be a regular expression string, e.g. "^gpt-4o(-\\\\d{4}-\\\\d{2}-\\\\d{2})?$"' })
    .min(1, { error: 'pattern must not be empty' })
    .refine(isRegex, { error: 'pattern is not a valid regular expression' }),
  provider: z.string().min(1, { error: 'provider must name who bills the model, e.g. "openai"' }),
  input_per_mtok: rate('input_per_mtok'),
  output_per_mtok: rate('output_per_mtok'),
  /** Rate for input tokens read from the prompt cache; when absent they are charged at the input rate. */
  cached_input_per_mtok: rate('cached_input_per_mtok').optional(),
  /** Rate for input tokens written to the prompt cache (Anthropic); when absent, the input rate. */
  cache_write_per_mtok: rate('cache_write_per_mtok').optional(),
  /** First day (UTC) this price applies, YYYY-MM-DD. */
  effective_from: z.iso.date({ error: 'effective_from must be a date written YYYY-MM-DD' }),
  source: z.string().min(1, { error: 'source must say where the price comes from (a URL or "contract")' }),
});

export type PriceEntry = z.infer<typeof PriceEntrySchema>;

export const PriceEntriesSchema = z.array(PriceEntrySchema);

export interface PriceTable {
  /** The day the table's prices were last checked against the sources. */
  as_of: string;
  entries: readonly PriceEntry[];
}
