// The cascade around the judge: which executions go to it (only those the offline detector is
// unsure about, so judge cost stays low), how its outcome becomes a check result, and what the
// evaluator reports about the calls it made.
import { redactPii } from '../checks/pii.ts';
import type { CheckResult } from '../checks/result.ts';
import type { JudgeOutcome } from './client.ts';
import type { JudgeBand } from './settings.ts';

/** True when the offline support score falls inside the band [low, high]. */
export function shouldJudge(offlineScore: number, band: JudgeBand): boolean {
  return Number.isFinite(offlineScore) && offlineScore >= band.low && offlineScore <= band.high;
}

const MAX_CLAIMS_SHOWN = 3;
const MAX_QUOTE = 120;

/** A claim as the judge wrote it: one line, personal data masked (judgements are read widely). */
function quote(text: string): string {
  const line = redactPii(text.replace(/\s+/g, ' ').trim());
  return `"${line.length > MAX_QUOTE ? `${line.slice(0, MAX_QUOTE)}…` : line}"`;
}

function explain(outcome: JudgeOutcome): string {
  const judge = `The judge (${outcome.model})`;
  if (outcome.status === 'unknown') return `${judge} gave no verdict: ${outcome.error ?? 'unknown error'}.`;
  if (outcome.verdict === 'grounded') return `${judge} found every claim of the answer supported by the context.`;
  const claims = outcome.unsupportedClaims.slice(0, MAX_CLAIMS_SHOWN).map((c) => (c.reason ? `${quote(c.claim)} (${c.reason})` : quote(c.claim)));
  const more = outcome.unsupportedClaims.length - claims.length;
  if (claims.length === 0) return `${judge} found the answer unsupported: ${outcome.reasons[0] ?? 'no reason given'}.`;
  const prefix = outcome.reasons[0]?.startsWith('the answer contains instructions') ? `${outcome.reasons[0]}; ` : '';
  return `${judge} found the answer unsupported: ${prefix}${claims.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`;
}

/**
 * The judge's hallucination result. `score` is the judge's confidence in its verdict (0.5 when it gave
 * none or no verdict at all); `unknown` passes, like every check that could not decide.
 */
export function judgeResult(spanId: string, outcome: JudgeOutcome): CheckResult {
  const label = outcome.status === 'unknown' ? 'unknown' : (outcome.verdict ?? 'unknown');
  return {
    // Stored as a hallucination judgement from source `judge`, beside the offline one.
    check: 'hallucination',
    spanId,
    score: outcome.status === 'judged' && outcome.confidence !== undefined ? outcome.confidence : 0.5,
    label,
    passed: label !== 'unsupported',
    explanation: explain(outcome),
    details: {
      model: outcome.model,
      latencyMs: outcome.latencyMs,
      inputTokens: outcome.inputTokens,
      outputTokens: outcome.outputTokens,
      costUsd: outcome.costUsd,
      reasons: outcome.reasons,
      unsupportedClaims: outcome.unsupportedClaims,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    },
  };
}

export interface JudgeTally {
  /** Executions the offline detector scored. */
  readonly considered: number;
  /** Of those, sent to the judge (score inside the band). */
  readonly sent: number;
  readonly judged: number;
  readonly unknown: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Sum over calls with a known price. */
  readonly costUsd: number;
  /** Calls whose cost is unknown (model not in the price table and no price configured). */
  readonly unpricedCalls: number;
  readonly latencyMs: number;
}

/** What one evaluator pass reports about its judge calls. */
export function tallyJudging(considered: number, outcomes: readonly JudgeOutcome[]): JudgeTally {
  const sum = (pick: (o: JudgeOutcome) => number) => outcomes.reduce((total, o) => total + pick(o), 0);
  return {
    considered,
    sent: outcomes.length,
    judged: outcomes.filter((o) => o.status === 'judged').length,
    unknown: outcomes.filter((o) => o.status === 'unknown').length,
    inputTokens: sum((o) => o.inputTokens),
    outputTokens: sum((o) => o.outputTokens),
    costUsd: sum((o) => o.costUsd ?? 0),
    unpricedCalls: outcomes.filter((o) => o.costUsd === null).length,
    latencyMs: sum((o) => o.latencyMs),
  };
}
