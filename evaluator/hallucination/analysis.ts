// Context + answer → claims scored one by one against the indexed context. This is the
// hand-set lexical claim scorer; the answer-level verdict is learned on top of it (model.ts).
import { splitClaims, type Claim } from './claims.ts';
import { indexContext, type ContextIndex } from './context.ts';
import { gatherEvidence, mismatchCount, supportScore, type SupportEvidence } from './support.ts';

export interface ScoredClaim {
  readonly claim: Claim;
  /** Undefined for conversational claims, which are not checked. */
  readonly evidence: SupportEvidence | undefined;
  /** Hand-set support in [0, 1]: smoothed weighted coverage, halved per hard mismatch. 1 if conversational. */
  readonly score: number;
}

export interface Analysis {
  readonly index: ContextIndex;
  readonly claims: readonly ScoredClaim[];
}

export const round = (value: number): number => Math.round(value * 1e4) / 1e4;

export function analyseAnswer(context: string | readonly string[], answer: string): Analysis {
  const index = indexContext(context);
  const claims: ScoredClaim[] = [];
  for (const claim of splitClaims(answer)) {
    if (claim.kind === 'conversational') {
      claims.push({ claim, evidence: undefined, score: 1 });
      continue;
    }
    const evidence = gatherEvidence(claim, index);
    const score = round(supportScore(evidence.weight, evidence.supportedWeight, mismatchCount(evidence), index));
    claims.push({ claim, evidence, score });
  }
  return { index, claims };
}
