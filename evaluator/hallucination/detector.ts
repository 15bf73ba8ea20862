// The groundedness check: split the answer into claims, score each against the context, and
// aggregate to one verdict that says which claims are unsupported and why.
import { splitClaims } from './claims.ts';
import { indexContext } from './context.ts';
import { gatherEvidence, mismatchCount, supportScore, type SupportEvidence } from './support.ts';

/**
 * Answers scoring below this are flagged. Fixed by calibration on the BEGIN dev files
 * (threshold maximising balanced accuracy over all three sources; `npm run bench:guardrails`).
 */
export const DEFAULT_THRESHOLD = 0.61;

export interface DetectOptions {
  /** Flag answers (and mark claims) whose support score is below this. Default `DEFAULT_THRESHOLD`. */
  readonly threshold?: number;
}

export interface ClaimVerdict {
  /** The claim as written in the answer. */
  readonly claim: string;
  /** `conversational` claims (greetings, thanks, refusals) are not checked and score 1. */
  readonly kind: 'factual' | 'conversational';
  /** Support in [0, 1]; 1 = fully supported. */
  readonly score: number;
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

const round = (value: number): number => Math.round(value * 1e4) / 1e4;

export function detectHallucination(
  context: string | readonly string[],
  answer: string,
  options: DetectOptions = {},
): Verdict {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const index = indexContext(context);
  const claims: ClaimVerdict[] = [];
  let weight = 0, supportedWeight = 0, mismatches = 0, weakest = 1;
  for (const claim of splitClaims(answer)) {
    if (claim.kind === 'conversational') {
      claims.push({ claim: claim.text, kind: claim.kind, score: 1, supported: true, passage: '', reasons: [] });
      continue;
    }
    const evidence = gatherEvidence(claim, index);
    const score = round(supportScore(evidence.weight, evidence.supportedWeight, mismatchCount(evidence), index));
    weight += evidence.weight;
    supportedWeight += evidence.supportedWeight;
    mismatches += mismatchCount(evidence);
    weakest = Math.min(weakest, score);
    claims.push({
      claim: claim.text, kind: claim.kind, score, supported: score >= threshold,
      passage: evidence.passage?.text ?? '', reasons: reasonsFor(evidence),
    });
  }
  const factual = claims.filter((claim) => claim.kind === 'factual');
  // The weakest claim says whether anything is wrong; the pooled coverage says how much of the
  // answer is wrong. Averaging them keeps one unsupported aside from sinking a long answer
  // as deeply as a wholly invented one.
  const score = factual.length === 0
    ? 1
    : round((weakest + supportScore(weight, supportedWeight, mismatches, index)) / 2);
  const flagged = score < threshold;
  let unsupported = factual.filter((claim) => !claim.supported);
  // A flagged answer always explains itself, even when no single claim is below the bar.
  if (flagged && unsupported.length === 0) unsupported = factual.filter((claim) => claim.score === weakest);
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
