// How well one claim is supported by the context: lexical evidence gathered per claim, and the
// rule that turns evidence into a score in [0, 1]. Everything comes from the claim, the context
// and WordNet's synonyms and hypernyms (wordnet.ts); no corpus statistics, no language model.
import type { Claim } from './claims.ts';
import { isMeaningful, isSupported, negatedKeysOf, type ContextIndex, type Passage } from './context.ts';
import type { Token } from './tokenize.ts';

export interface SupportEvidence {
  /** Summed informativeness of the claim's distinct content words and numbers. */
  readonly weight: number;
  /** The part of `weight` whose words occur in the context. */
  readonly supportedWeight: number;
  /** The claim's words (as written) that occur nowhere in the context. */
  readonly missingWords: readonly string[];
  /** Numbers in the claim that occur nowhere in the context. */
  readonly unsupportedNumbers: readonly string[];
  /** Names (capitalised words) in the claim that occur nowhere in the context. */
  readonly unsupportedNames: readonly string[];
  /** A word the claim and its closest passage share is negated in one and not the other. */
  readonly negationMismatch: boolean;
  /** The context sentence that best matches the claim. */
  readonly passage: Passage | undefined;
}

/**
 * Weight of a claim word: an IDF over the context's own sentences. Words that are everywhere in
 * the context (its topic) are cheap to repeat and say little; words found nowhere in it weigh
 * most, log(2 + n).
 */
function informativeness(key: string, context: ContextIndex): number {
  const n = context.passages.length;
  return Math.log(1 + (n + 1) / (1 + (context.passageFrequency.get(key) ?? 0)));
}

/** The weight of a word absent from the context: the unit of the prior below. */
export const maxInformativeness = (context: ContextIndex): number => Math.log(2 + context.passages.length);

function bestPassage(keys: readonly string[], context: ContextIndex): Passage | undefined {
  let passage: Passage | undefined;
  let best = -1;
  for (const candidate of context.passages) {
    let score = 0;
    for (const key of keys) if (candidate.keys.has(key)) score += informativeness(key, context);
    // On ties the shorter passage wins: it is the more specific quote.
    if (score > best || (score === best && passage !== undefined && candidate.text.length < passage.text.length)) {
      passage = candidate;
      best = score;
    }
  }
  return passage;
}

function polarityDiffers(claim: Claim, keys: readonly string[], passage: Passage | undefined): boolean {
  if (passage === undefined) return false;
  const claimNegated = negatedKeysOf(claim.tokens);
  return keys.some((key) => passage.keys.has(key) && claimNegated.has(key) !== passage.negatedKeys.has(key));
}

const distinctWords = (tokens: readonly Token[]): string[] => [...new Set(tokens.map((token) => token.word))];

export function gatherEvidence(claim: Claim, context: ContextIndex): SupportEvidence {
  const meaningful = claim.tokens.filter(isMeaningful);
  const keys = [...new Set(meaningful.map((token) => token.key))];
  const missing = meaningful.filter((token) => !isSupported(token, context));
  const missingKeys = new Set(missing.map((token) => token.key));
  let weight = 0;
  let supportedWeight = 0;
  for (const key of keys) {
    const w = informativeness(key, context);
    weight += w;
    if (!missingKeys.has(key)) supportedWeight += w;
  }
  const passage = bestPassage(keys, context);
  return {
    weight,
    supportedWeight,
    missingWords: distinctWords(missing),
    unsupportedNumbers: distinctWords(missing.filter((token) => token.kind === 'number')),
    unsupportedNames: distinctWords(missing.filter((token) => token.capitalised)),
    negationMismatch: polarityDiffers(claim, keys, passage),
    passage,
  };
}

/**
 * Pseudo-words of prior evidence, half supported: coverage is a Beta-smoothed proportion, so
 * a claim resting on one matching word is less certain than one resting on ten.
 */
export const PRIOR_WORDS = 1;

/** Each unsupported number or name, and a flipped polarity, multiplies the score by this. */
export const MISMATCH_PENALTY = 0.5;

export function mismatchCount(evidence: SupportEvidence): number {
  return evidence.unsupportedNumbers.length + evidence.unsupportedNames.length + (evidence.negationMismatch ? 1 : 0);
}

/** Smoothed weighted coverage, discounted for each hard mismatch. */
export function supportScore(weight: number, supportedWeight: number, mismatches: number, context: ContextIndex): number {
  const prior = PRIOR_WORDS * maxInformativeness(context);
  return ((supportedWeight + prior / 2) / (weight + prior)) * MISMATCH_PENALTY ** mismatches;
}
