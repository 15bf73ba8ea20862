// Model prices: the shipped table, overrides from configuration, and the cost of a span's tokens.
export { costOf, createPricing, type Pricing, type PriceResult, type TokenUsage } from './pricing.ts';
export { loadPriceOverrides } from './load.ts';
export { normalizeModelName } from './model-name.ts';
export { PRICE_TABLE } from './prices.ts';
export { PriceEntriesSchema, PriceEntrySchema, type PriceEntry, type PriceTable } from './schema.ts';
