// The groundedness check: split the answer into claims, score each against the context, and
// turn their features into one learned verdict that says which claims are unsupported and why.
import { analyseAnswer, round, type ScoredClaim } from './analysis.ts';
import { isQuestion, type Claim } from './claims.ts';
import { featuresOf } from './features.ts';
import { hallucinationProbability, MODELS, type DetectionMode } from './model.ts';
import type { SupportEvidence } from './support.ts';

export type { DetectionMode } from './model.ts';

/**
 * Answers scoring below these are flagged: 1 − DECISION_PROBABILITY, the point where a model
 * fitted with balanced classes finds the evidence even (model.ts), not a cut tuned on the data.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<DetectionMode, number>> = {
  facts: MODELS.facts.threshold,
  attribution: MODELS.attribution.threshold,
};
/** The default mode's threshold. */
export const DEFAULT_THRESHOLD = DEFAULT_THRESHOLDS.facts;

export interface DetectOptions {
  /** What counts against the answer (model.ts). Default `facts`. */
  readonly mode?: DetectionMode;
  /** Flag answers (and mark claims) whose support score is below this. Default: the mode's own. */
  readonly threshold?: number;
}

export interface ClaimVerdict {
  /** The claim as written in the answer. */
  readonly claim: string;
  /**
   * `conversational` claims (greetings, thanks, refusals) are not checked against the context;
   * they score 1 in `facts` mode, and are scored like any claim in `attribution` mode.
   */
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
  readonly mode: DetectionMode;
  /** Support of the whole answer in [0, 1]; 1 = fully supported. */
  readonly score: number;
  /** `score < threshold`: the answer says things the context does not support. */
  readonly flagged: boolean;
  readonly threshold: number;
  readonly claims: readonly ClaimVerdict[];
  /** The claims below the threshold, weakest first (factual ones only in `facts` mode). */
  readonly unsupported: readonly UnsupportedClaim[];
}

/** What an attribution check holds against a claim besides its evidence. */
function attributionReasons(claim: Claim): string[] {
  const reasons: string[] = [];
  if (claim.speaker) reasons.push('speaks about the speaker, which the context does not');
  if (isQuestion(claim)) reasons.push('asks a question rather than reporting the context');
  else if (claim.kind === 'conversational') reasons.push('conversational: says nothing from the context');
  return reasons;
}

function evidenceReasons(evidence: SupportEvidence | undefined): string[] {
  if (evidence === undefined) return [];
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
  const mode = options.mode ?? 'facts';
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[mode];
  const { index, claims: scored } = analyseAnswer(context, answer);
  // In `facts` mode only factual claims are checked; in `attribution` mode every claim is.
  const checked = (kind: Claim['kind']): boolean => mode === 'attribution' || kind === 'factual';
  const support = (of: readonly ScoredClaim[]): number => round(1 - hallucinationProbability(featuresOf(of, index), mode));
  const claims: ClaimVerdict[] = scored.map((scoredClaim) => {
    const { claim, evidence } = scoredClaim;
    const passage = evidence?.passage?.text ?? '';
    if (!checked(claim.kind)) {
      return { claim: claim.text, kind: claim.kind, score: 1, lexicalScore: 1, supported: true, passage, reasons: [] };
    }
    const score = support([scoredClaim]);
    const reasons = [...(mode === 'attribution' ? attributionReasons(claim) : []), ...evidenceReasons(evidence)];
    return { claim: claim.text, kind: claim.kind, score, lexicalScore: scoredClaim.score, supported: score >= threshold, passage, reasons };
  });
  const candidates = claims.filter((claim) => checked(claim.kind));
  // Nothing checked (an empty answer; in `facts` mode, only greetings, thanks, refusals) is never flagged.
  const score = candidates.length === 0 ? 1 : support(scored);
  const flagged = score < threshold;
  let unsupported = candidates.filter((claim) => !claim.supported);
  // A flagged answer always explains itself, even when no single claim is below the bar.
  if (flagged && unsupported.length === 0) {
    const weakest = Math.min(...candidates.map((claim) => claim.score));
    unsupported = candidates.filter((claim) => claim.score === weakest);
  }
  return {
    mode,
    score,
    flagged,
    threshold,
    claims,
    unsupported: [...unsupported]
      .sort((a, b) => a.score - b.score)
      .map(({ claim, score: claimScore, passage, reasons }) => ({ claim, score: claimScore, passage, reasons })),
  };
}
