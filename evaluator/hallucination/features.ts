// Scored claims → a few interpretable features, the input of the learned verdict (model.ts).
// Each is something a reviewer checking an answer against its sources would look at: how much of
// it the sources cover, how much is new, how much is copied, and what kind of answer it is. No
// feature describes the context alone: its length or style says which data set a row came from,
// not whether the answer is grounded, and a model that learns it does not carry over.
import type { ScoredClaim } from './analysis.ts';
import { isQuestion } from './claims.ts';
import { isGrammarWord, isMeaningful, isSupported, type ContextIndex, type Passage } from './context.ts';
import { SPEAKER_KEY } from './lexicon.ts';

export const FEATURE_NAMES = [
  'coverage', 'novelContentLog', 'grammarCoverage', 'copiedShare', 'firstPersonShare', 'speakerShare', 'questionShare',
  'conversationalShare', 'novelNumbers', 'novelNames', 'negationMismatches',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export type Features = Readonly<Record<FeatureName, number>>;

/**
 * Which way each feature may push P(hallucinated), from what it means: more coverage or copying
 * can only count for the answer, more new content or talk about the speaker only against it.
 * The fit holds a feature at 0 rather than let it take the opposite sign (stats/logistic.ts).
 */
export const FEATURE_SIGNS: Readonly<Record<FeatureName, 1 | -1>> = {
  coverage: -1, novelContentLog: 1, grammarCoverage: -1, copiedShare: -1, firstPersonShare: 1, speakerShare: 1,
  questionShare: 1, conversationalShare: 1, novelNumbers: 1, novelNames: 1, negationMismatches: 1,
};

/** Longest run of consecutive tokens (function words included) that a claim shares with one passage. */
function longestCopy(claim: readonly string[], passages: readonly Passage[]): number {
  let longest = 0;
  for (const passage of passages) {
    const other = passage.tokens;
    // Row by row of the longest-common-substring table, two rows reused.
    let previous = new Uint16Array(other.length + 1), current = new Uint16Array(other.length + 1);
    for (const key of claim) {
      for (let j = 1; j <= other.length; j++) {
        current[j] = other[j - 1]!.key === key ? previous[j - 1]! + 1 : 0;
        if (current[j]! > longest) longest = current[j]!;
      }
      [previous, current] = [current, previous];
    }
  }
  return longest;
}

/** What one factual claim contributes; the answer's features pool these. */
interface ClaimStats {
  readonly keys: readonly string[];
  readonly novel: readonly string[];
  readonly grammar: number;
  readonly grammarFound: number;
  readonly speaks: boolean;
  readonly tokens: number;
  readonly copied: number;
}

// The detector scores each claim alone and then the whole answer: the per-claim work is done once.
const statsCache = new WeakMap<ScoredClaim, ClaimStats>();

function statsOf(scored: ScoredClaim, index: ContextIndex): ClaimStats {
  const cached = statsCache.get(scored);
  if (cached !== undefined) return cached;
  const keys = new Set<string>(), novel = new Set<string>();
  let grammar = 0, grammarFound = 0;
  for (const token of scored.claim.tokens) {
    if (isMeaningful(token)) {
      keys.add(token.key);
      if (!isSupported(token, index)) novel.add(token.key);
    } else if (isGrammarWord(token)) {
      grammar++;
      if (index.grammarWords.has(token.key)) grammarFound++;
    }
  }
  const stats: ClaimStats = {
    keys: [...keys],
    novel: [...novel],
    grammar,
    grammarFound,
    speaks: keys.has(SPEAKER_KEY),
    tokens: scored.claim.tokens.length,
    copied: longestCopy(scored.claim.tokens.map((token) => token.key), index.passages),
  };
  statsCache.set(scored, stats);
  return stats;
}

/**
 * Features of `claims` (all of an answer's claims, or a single one to score it on its own),
 * all scored against `index`. Claims without evidence are conversational and only count
 * towards the shares.
 */
export function featuresOf(claims: readonly ScoredClaim[], index: ContextIndex): Features {
  const factual = claims.filter((c) => c.evidence !== undefined);
  const keys = new Set<string>(), novel = new Set<string>(), numbers = new Set<string>(), names = new Set<string>();
  let mismatches = 0, firstPerson = 0, copied = 0, answerTokens = 0, grammar = 0, grammarFound = 0;
  for (const scored of factual) {
    const { evidence } = scored;
    if (evidence === undefined) continue;
    if (evidence.negationMismatch) mismatches++;
    evidence.unsupportedNumbers.forEach((n) => numbers.add(n));
    evidence.unsupportedNames.forEach((n) => names.add(n));
    const stats = statsOf(scored, index);
    stats.keys.forEach((key) => keys.add(key));
    stats.novel.forEach((key) => novel.add(key));
    grammar += stats.grammar;
    grammarFound += stats.grammarFound;
    if (stats.speaks) firstPerson++;
    answerTokens += stats.tokens;
    copied += stats.copied;
  }
  const share = (count: number): number => (claims.length === 0 ? 0 : count / claims.length);
  return {
    // Share of the answer's distinct content words and numbers the context supports (exactly,
    // stemmed, or through a WordNet synonym or hyponym).
    coverage: keys.size === 0 ? 1 : 1 - novel.size / keys.size,
    // How much is new, not just what share: three invented facts weigh more than one.
    novelContentLog: Math.log1p(novel.size),
    grammarCoverage: grammar === 0 ? 1 : grammarFound / grammar,
    // Per claim, the longest verbatim run from one passage, over the claims' length.
    copiedShare: answerTokens === 0 ? 1 : copied / answerTokens,
    firstPersonShare: factual.length === 0 ? 0 : firstPerson / factual.length,
    speakerShare: share(claims.filter((c) => c.claim.speaker).length),
    questionShare: share(claims.filter((c) => isQuestion(c.claim)).length),
    conversationalShare: share(claims.length - factual.length),
    novelNumbers: numbers.size,
    novelNames: names.size,
    negationMismatches: mismatches,
  };
}
