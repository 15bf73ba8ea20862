// The groundedness guardrail on one execution: the answer against the context the trace shows it
// was given. No context means the answer cannot be checked — never that it is grounded.
import { detectHallucination, type DetectionMode } from '../hallucination/index.ts';
import type { ExecutionFacts } from '../extract.ts';
import { piiWords, redactPii } from './pii.ts';
import type { CheckResult } from './result.ts';

export interface HallucinationSettings {
  mode: DetectionMode;
  threshold?: number;
}

const MAX_QUOTED = 3;
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function checkHallucination(facts: ExecutionFacts, settings: HallucinationSettings): CheckResult {
  const spanId = facts.answer?.spanId ?? '';
  if (!facts.answer) {
    return { check: 'hallucination', spanId, score: 0, label: 'not_checkable', passed: true, explanation: 'Not checkable: the trace records no answer to the user.' };
  }
  // The user's request supports what the answer repeats from it, but is not something to check against.
  if (facts.context.every((p) => p.kind === 'request')) {
    return {
      check: 'hallucination',
      spanId,
      score: 0,
      label: 'not_checkable',
      passed: true,
      explanation: 'Not checkable: the trace shows no retrieved documents, tool results or system documents to check the answer against.',
    };
  }
  const verdict = detectHallucination(
    facts.context.map((p) => p.text),
    facts.answer.text,
    { mode: settings.mode, ...(settings.threshold === undefined ? {} : { threshold: settings.threshold }) },
  );
  // Judgements are read widely (lists, alerts): personal data in the answer or context is quoted
  // only masked, here as in the PII check, and its pieces are kept out of the reasons.
  const hidden = new Set([...piiWords(facts.answer.text), ...facts.context.flatMap((p) => [...piiWords(p.text)])]);
  const maskWords = (reason: string) => reason.replace(/[\p{L}\p{N}]+/gu, (word) => (hidden.has(word.toLowerCase()) ? '***' : word));
  const quote = (text: string, max: number) => clip(redactPii(text), max);
  const quoted = verdict.unsupported.slice(0, MAX_QUOTED);
  const explanation = verdict.flagged
    ? `${verdict.unsupported.length} claim${verdict.unsupported.length === 1 ? ' is' : 's are'} not supported by the context: ${quoted
        .map((c) => `"${quote(c.claim, 160)}"${c.passage ? ` (closest: "${quote(c.passage, 160)}")` : ''}`)
        .join('; ')}.`
    : `The answer is supported by the context (support ${verdict.score.toFixed(2)} ≥ ${verdict.threshold.toFixed(2)}, ${verdict.mode} mode).`;
  return {
    check: 'hallucination',
    spanId,
    score: verdict.score,
    label: verdict.flagged ? 'unsupported' : 'grounded',
    passed: !verdict.flagged,
    explanation,
    details: {
      mode: verdict.mode,
      threshold: verdict.threshold,
      answer: quote(facts.answer.text, 4000),
      claims: verdict.claims.map((c) => ({
        claim: redactPii(c.claim),
        kind: c.kind,
        score: c.score,
        supported: c.supported,
        passage: quote(c.passage, 600),
        reasons: c.reasons.map(maskWords),
      })),
      contextPassages: facts.context.length,
    },
  };
}
