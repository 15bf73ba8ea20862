// Scored claims → a fixed vector of interpretable features, the input of the learned verdict
// (model.ts). Each feature is something a reviewer checking an agent's answer against its
// retrieved documents would look at: how much of it is in the sources, how much is copied
// verbatim, what is new (numbers, names, negations), and what kind of answer it is.
import type { ScoredClaim } from './analysis.ts';
import { isQuestion } from './claims.ts';
import { isGrammarWord, isMeaningful, isSupported, type ContextIndex, type Passage } from './context.ts';
import { SPEAKER_KEY } from './lexicon.ts';
import { mismatchCount, supportScore } from './support.ts';
import type { Token } from './tokenize.ts';

export const FEATURE_NAMES = [
  'handSetScore', 'weakestClaim', 'meanClaim', 'idfCoverage', 'plainCoverage', 'bigramCoverage',
  'trigramCoverage', 'grammarCoverage', 'longestCopyRatio', 'novelContentLog', 'novelNumbers', 'novelNames',
  'negationMismatches', 'firstPersonShare', 'speakerShare', 'questionShare', 'conversationalShare', 'factualClaimsLog',
  'answerLengthLog', 'contextLengthLog',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export type Features = Readonly<Record<FeatureName, number>>;

const keysOf = (tokens: readonly Token[]): string[] => tokens.filter(isMeaningful).map((token) => token.key);

function gramsOf(keys: readonly string[], n: number): string[] {
  const grams: string[] = [];
  for (let i = n; i <= keys.length; i++) grams.push(keys.slice(i - n, i).join('|'));
  return grams;
}

/** Share of the claims' n-grams (within a claim, over meaningful words) found in some passage. */
function gramCoverage(claimKeys: readonly string[][], passages: readonly Passage[], n: number): number | undefined {
  const wanted = new Set(claimKeys.flatMap((keys) => gramsOf(keys, n)));
  if (wanted.size === 0) return undefined;
  const found = new Set<string>();
  for (const passage of passages) for (const gram of gramsOf(keysOf(passage.tokens), n)) if (wanted.has(gram)) found.add(gram);
  return found.size / wanted.size;
}

/** Longest run of consecutive tokens (function words included) that a claim shares with one passage. */
function longestCopy(claim: readonly string[], passages: readonly Passage[]): number {
  let longest = 0;
  for (const passage of passages) {
    const other = passage.tokens.map((token) => token.key);
    let previous = new Array<number>(other.length + 1).fill(0);
    for (const key of claim) {
      const current = new Array<number>(other.length + 1).fill(0);
      for (let j = 1; j <= other.length; j++) {
        if (other[j - 1] === key) {
          current[j] = (previous[j - 1] ?? 0) + 1;
          if ((current[j] ?? 0) > longest) longest = current[j] ?? 0;
        }
      }
      previous = current;
    }
  }
  return longest;
}

/**
 * Features of `claims` (all of an answer's claims, or a single one to score it on its own).
 * Claims without evidence are conversational and only count towards the shares.
 */
export function featuresOf(claims: readonly ScoredClaim[], index: ContextIndex): Features {
  const factual = claims.filter((c) => c.evidence !== undefined);
  const keys = new Set<string>(), novel = new Set<string>(), numbers = new Set<string>(), names = new Set<string>();
  let weight = 0, supported = 0, mismatches = 0, hardMismatches = 0, firstPerson = 0, copied = 0, answerTokens = 0;
  let grammar = 0, grammarFound = 0;
  const claimKeys: string[][] = [];
  for (const { claim, evidence } of factual) {
    if (evidence === undefined) continue;
    weight += evidence.weight;
    supported += evidence.supportedWeight;
    if (evidence.negationMismatch) mismatches++;
    hardMismatches += mismatchCount(evidence);
    evidence.unsupportedNumbers.forEach((n) => numbers.add(n));
    evidence.unsupportedNames.forEach((n) => names.add(n));
    const meaningful = keysOf(claim.tokens);
    claimKeys.push(meaningful);
    for (const token of claim.tokens.filter(isMeaningful)) {
      keys.add(token.key);
      if (!isSupported(token, index)) novel.add(token.key);
    }
    for (const token of claim.tokens.filter(isGrammarWord)) {
      grammar++;
      if (index.grammarWords.has(token.key)) grammarFound++;
    }
    if (meaningful.includes(SPEAKER_KEY)) firstPerson++;
    answerTokens += claim.tokens.length;
    copied += longestCopy(claim.tokens.map((token) => token.key), index.passages);
  }
  const scores = factual.map((c) => c.score);
  const plainCoverage = keys.size === 0 ? 1 : 1 - novel.size / keys.size;
  const bigramCoverage = gramCoverage(claimKeys, index.passages, 2) ?? plainCoverage;
  const contextTokens = index.passages.reduce((sum, p) => sum + p.tokens.length, 0);
  const share = (count: number): number => (claims.length === 0 ? 0 : count / claims.length);
  const weakestClaim = scores.length === 0 ? 1 : Math.min(...scores);
  const values: Record<FeatureName, number> = {
    // The previous hand-set answer score: the weakest claim averaged with the pooled coverage.
    handSetScore: scores.length === 0 ? 1 : (weakestClaim + supportScore(weight, supported, hardMismatches, index)) / 2,
    weakestClaim,
    meanClaim: scores.length === 0 ? 1 : scores.reduce((a, b) => a + b, 0) / scores.length,
    idfCoverage: weight === 0 ? 1 : supported / weight,
    plainCoverage,
    bigramCoverage,
    trigramCoverage: gramCoverage(claimKeys, index.passages, 3) ?? bigramCoverage,
    grammarCoverage: grammar === 0 ? 1 : grammarFound / grammar,
    longestCopyRatio: answerTokens === 0 ? 1 : copied / answerTokens,
    novelContentLog: Math.log1p(novel.size),
    novelNumbers: numbers.size,
    novelNames: names.size,
    negationMismatches: mismatches,
    firstPersonShare: factual.length === 0 ? 0 : firstPerson / factual.length,
    speakerShare: share(claims.filter((c) => c.claim.speaker).length),
    questionShare: share(claims.filter((c) => isQuestion(c.claim)).length),
    conversationalShare: share(claims.length - factual.length),
    factualClaimsLog: Math.log1p(factual.length),
    answerLengthLog: Math.log1p(answerTokens),
    contextLengthLog: Math.log1p(contextTokens),
  };
  return values;
}
