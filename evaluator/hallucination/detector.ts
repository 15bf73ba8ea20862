// The groundedness check: split the answer into claims, score each against the context, and
// turn their features into one learned verdict that says which claims are unsupported and why.
import { analyseAnswer, round } from './analysis.ts';
import { featuresOf } from './features.ts';
import { hallucinationProbability, MODEL_THRESHOLD } from './model.ts';
import type { SupportEvidence } from './support.ts';

/**
 * Answers scoring below this are flagged. Fixed on the BEGIN dev files together with the model
 * weights: the cut maximising balanced accuracy over all three sources (model.ts).
 */
export const DEFAULT_THRESHOLD = MODEL_THRESHOLD;

export interface DetectOptions {
  /** Flag answers (and mark claims) whose support score is below this. Default `DEFAULT_THRESHOLD`. */
  readonly threshold?: number;
}

export interface ClaimVerdict {
  /** The claim as written in the answer. */
  readonly claim: string;
  /** `conversational` claims (greetings, thanks, refusals) are not checked and score 1. */
  readonly kind: 'factual' | 'conversational';
  /**
   * Support in [0, 1]; 1 = fully supported. The answer-level model applied to this claim alone,
   * so it is on the same scale as the answer score and compares with the same threshold.
   */
  readonly score: number;
  /** The previous hand-set lexical score of the claim (coverage with mismatch penalties). */
  readonly lexicalScore: number;
  readonly supported: boolean;
  /** The context sentence closest to the claim ("" if none). */
  readonly passage: string;
  /** Why the score is low: missing words, numbers, names, flipped negation. */
  readonly reasons: readonly string[];
}

export interface UnsupportedClaim {
  readonly claim: string;
  readonly score: number;
  readonly passage: string;
  readonly reasons: readonly string[];
}

export interface Verdict {
  /** Support of the whole answer in [0, 1]; 1 = fully supported. */
  readonly score: number;
  /** `score < threshold`: the answer says things the context does not support. */
  readonly flagged: boolean;
  readonly threshold: number;
  readonly claims: readonly ClaimVerdict[];
  /** The factual claims below the threshold, weakest first. */
  readonly unsupported: readonly UnsupportedClaim[];
}

function reasonsFor(evidence: SupportEvidence): string[] {
  const reasons: string[] = [];
  for (const number of evidence.unsupportedNumbers) reasons.push(`number "${number}" is not in the context`);
  for (const name of evidence.unsupportedNames) reasons.push(`name "${name}" is not in the context`);
  if (evidence.negationMismatch) reasons.push('negation differs from the closest passage');
  const others = evidence.missingWords.filter(
    (word) => !evidence.unsupportedNumbers.includes(word) && !evidence.unsupportedNames.includes(word),
  );
  if (others.length > 0) reasons.push(`not in the context: ${others.join(', ')}`);
  return reasons;
}

export function detectHallucination(
  context: string | readonly string[],
  answer: string,
  options: DetectOptions = {},
): Verdict {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const { index, claims: scored } = analyseAnswer(context, answer);
  const claims: ClaimVerdict[] = scored.map((scoredClaim) => {
    const { claim, evidence } = scoredClaim;
    if (evidence === undefined) {
      return { claim: claim.text, kind: claim.kind, score: 1, lexicalScore: 1, supported: true, passage: '', reasons: [] };
    }
    const score = round(1 - hallucinationProbability(featuresOf([scoredClaim], index)));
    return {
      claim: claim.text, kind: claim.kind, score, lexicalScore: scoredClaim.score, supported: score >= threshold,
      passage: evidence.passage?.text ?? '', reasons: reasonsFor(evidence),
    };
  });
  const factual = claims.filter((claim) => claim.kind === 'factual');
  // Nothing factual (greetings, thanks, refusals) is never flagged, whatever the model says.
  const score = factual.length === 0 ? 1 : round(1 - hallucinationProbability(featuresOf(scored, index)));
  const flagged = score < threshold;
  let unsupported = factual.filter((claim) => !claim.supported);
  // A flagged answer always explains itself, even when no single claim is below the bar.
  if (flagged && unsupported.length === 0) {
    const weakest = Math.min(...factual.map((claim) => claim.score));
    unsupported = factual.filter((claim) => claim.score === weakest);
  }
  return {
    score,
    flagged,
    threshold,
    claims,
    unsupported: [...unsupported]
      .sort((a, b) => a.score - b.score)
      .map(({ claim, score: claimScore, passage, reasons }) => ({ claim, score: claimScore, passage, reasons })),
  };
}
