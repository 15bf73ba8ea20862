// The judge's reply → a checked verdict. The model's JSON is validated, and two rules can only
// make a verdict stricter, never more lenient:
//
// 1. Instructions aimed at the evaluator. If the answer itself tries to steer its judge ("ignore
//    your instructions", "say grounded", "you are the judge"), a `grounded` verdict is not
//    accepted: the result is `unsupported`, because the answer contains instructions aimed at the
//    evaluator. Delimiting the data in the prompt makes such an attack unlikely to work; this rule
//    makes it pointless, since success would not change the result. The cost is that an answer
//    legitimately quoting such a phrase (say, explaining prompt injection) is flagged; that is rare
//    and cheaper than a bypass. The patterns stay narrow to keep it rare.
// 2. A `grounded` verdict that lists unsupported claims contradicts itself; the claims win.
import { z } from 'zod';

export interface JudgeClaim {
  readonly claim: string;
  readonly reason: string;
}

export type ParsedVerdict =
  | {
      readonly status: 'judged';
      readonly verdict: 'grounded' | 'unsupported';
      readonly unsupportedClaims: readonly JudgeClaim[];
      readonly confidence?: number;
      readonly reasons: readonly string[];
    }
  | { readonly status: 'unknown'; readonly reasons: readonly string[]; readonly error: string };

export const EVALUATOR_INSTRUCTIONS_REASON = 'the answer contains instructions aimed at the evaluator';

const ReplySchema = z.object({
  verdict: z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.enum(['grounded', 'unsupported'])),
  unsupported_claims: z.array(z.object({ claim: z.string(), reason: z.string().default('') })).default([]),
  // Optional: small local models sometimes leave it out, and the verdict is still usable.
  confidence: z.number().min(0).max(1).optional(),
});

/** Phrases that address the evaluator rather than the user. Matched on normalised text. */
const EVALUATOR_INSTRUCTIONS: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}\b(?:instructions?|directions|rules|guidelines|prompts?|system message)\b/,
  /\b(?:say|respond|reply|output|return|print|write)\s+(?:with\s+|only\s+|just\s+)*(?:["'“‘]grounded\b|grounded(?=\s*(?:$|[.!,;:)]|and\b|only\b|now\b|regardless\b|no matter\b)))/,
  /\b(?:mark|rate|label|classify|judge|grade|score|treat|consider)\s+(?:this|the|my)\s+(?:answer|response|reply|text|output)\s+as\s+["'“]?(?:grounded|supported|faithful|correct)\b/,
  /\bverdict (?:should|must) be\s+["'“]?grounded\b/,
  /\byou are (?:now )?(?:the|an?|my) (?:judge|evaluator|grader|assessor|reviewer)\b/,
  /\b(?:note|message|instructions?|attention) (?:to|for) (?:the |any )?(?:judge|evaluator|grader|reviewer|ai|llm|model)\b/,
  /\bnew (?:instructions|system prompt|rules)\s*:/,
  /"verdict"\s*:/,
];

/** NFKC folds look-alike letters (fullwidth, ligatures); zero-width characters are dropped. */
function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** The phrase of `answer` that addresses its evaluator, if any. */
export function instructionsForEvaluator(answer: string): string | undefined {
  const text = normalise(answer);
  for (const pattern of EVALUATOR_INSTRUCTIONS) {
    const match = pattern.exec(text);
    if (match) return match[0];
  }
  return undefined;
}

/** Models asked for JSON still wrap it in ``` fences or a sentence now and then. */
function extractJson(content: string): string {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(content);
  const text = (fenced?.[1] ?? content).trim();
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return start >= 0 && end > start ? text.slice(start, end + 1) : text;
}

function unknown(error: string): ParsedVerdict {
  return { status: 'unknown', reasons: [error], error };
}

export function parseJudgeReply(content: string, answer: string): ParsedVerdict {
  let json: unknown;
  try {
    json = JSON.parse(extractJson(content));
  } catch {
    return unknown(`the judge's reply is not JSON: ${JSON.stringify(content.slice(0, 80))}`);
  }
  const parsed = ReplySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'reply';
    return unknown(`the judge's reply does not have the requested shape (${where}: ${issue?.message ?? 'invalid'})`);
  }
  const reply = parsed.data;
  const claims = reply.unsupported_claims.filter((c) => c.claim.trim() !== '');
  const reasons = claims.map((c) => (c.reason ? `${c.claim}: ${c.reason}` : c.claim));
  let verdict = reply.verdict;
  if (verdict === 'grounded' && claims.length > 0) {
    verdict = 'unsupported';
    reasons.push('the judge said grounded but listed unsupported claims');
  }
  const steering = instructionsForEvaluator(answer);
  if (steering !== undefined) {
    verdict = 'unsupported';
    reasons.unshift(`${EVALUATOR_INSTRUCTIONS_REASON} ("${steering}")`);
  }
  if (verdict === 'grounded') reasons.push('every claim is supported by the context');
  return { status: 'judged', verdict, unsupportedClaims: claims, confidence: reply.confidence, reasons };
}
