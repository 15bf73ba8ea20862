// Semantic-convention mapping: decoded OTLP spans → Vigil span rows (see normalize.ts).
export { normalizeSpan, type NormalizedSpan } from './normalize.ts';
export { normalizeProvider } from './provider.ts';
