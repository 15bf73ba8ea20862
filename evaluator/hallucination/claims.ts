// Answer → claims: the smallest pieces of text that can be checked on their own.
import {
  ASSERTING_FRAME, COURTESY_WORDS, EVALUATIVE_WORDS, HEDGE_PREFIX, LEADING_PARTICLES, REACTION_FRAME, REFUSAL_PATTERNS, SPEAKER_KEY,
  USER_QUESTION, USER_REQUEST,
} from './lexicon.ts';
import { splitSentences } from './sentences.ts';
import { stem, tokenize, type Token } from './tokenize.ts';

const COURTESY_KEYS: ReadonlySet<string> = new Set([...COURTESY_WORDS].map(stem));
const EVALUATIVE_KEYS: ReadonlySet<string> = new Set([...EVALUATIVE_WORDS].map(stem));

export interface Claim {
  /** The claim as written in the answer (trimmed), for quoting back to the user. */
  readonly text: string;
  /** Tokens of the checked content: the claim minus a stance opener such as "I think". */
  readonly tokens: readonly Token[];
  /**
   * `factual` claims are checked against the context; `conversational` ones (greetings, thanks,
   * refusals, bare acknowledgements, a question to the user beside a statement) assert nothing
   * about the world and are flagged only in `attribution` mode, which counts anything not taken
   * from the context.
   */
  readonly kind: 'factual' | 'conversational';
  /** The claim as written mentions the speaker ("I", "my", "we"), stance openers included. */
  readonly speaker: boolean;
}

const LIST_MARKER = /^\s*(?:[-*•+]|\d{1,3}[.)]|[a-z][.)])\s+/i;

// Clauses joined by a semicolon or a contrastive conjunction make separate assertions:
// "X, but Y" can be half right. Plain "and" is left alone: it often joins a list of objects.
const CLAUSE_BREAK = /\s*;\s*|,?\s+\b(?:but|however|although|though|whereas|while)\b,?\s+/i;

const lowerText = (text: string): string => text.toLowerCase().replace(/[\u2018\u2019]/g, "'");

/** "I'm not sure, it was 1999" is a refusal followed by a claim: two pieces, not one. */
function splitAfterRefusal(clause: string): string[] {
  const lower = lowerText(clause.trimStart());
  for (const pattern of REFUSAL_PATTERNS) {
    const end = pattern.exec(lower)?.[0].length;
    if (end === undefined) continue;
    const rest = /^\s*[,;:-]\s*(.+)$/s.exec(clause.trimStart().slice(end));
    if (rest?.[1] !== undefined) return [clause.trimStart().slice(0, end), rest[1]];
  }
  return [clause];
}

function splitClauses(sentence: string): string[] {
  return sentence.split(CLAUSE_BREAK).flatMap(splitAfterRefusal);
}

function isConversational(text: string, tokens: readonly Token[]): boolean {
  const lower = lowerText(text);
  if (REFUSAL_PATTERNS.some((pattern) => pattern.test(lower))) return true;
  const reaction = REACTION_FRAME.test(lower) || tokens.length <= 2;
  return tokens.every(
    (token) =>
      token.kind === 'function' || token.kind === 'negation' || token.key === SPEAKER_KEY ||
      COURTESY_KEYS.has(token.key) || (reaction && EVALUATIVE_KEYS.has(token.key)),
  );
}

export const isQuestion = (claim: Claim): boolean => claim.text.trimEnd().endsWith('?');

function asksTheUser(text: string): boolean {
  const lower = lowerText(text).trimEnd();
  if (USER_REQUEST.test(lower)) return true;
  return lower.endsWith('?') && USER_QUESTION.test(lower) && !ASSERTING_FRAME.test(lower);
}

/** Split an answer into claims, in reading order. Empty pieces are dropped. */
export function splitClaims(answer: string): Claim[] {
  const claims: Claim[] = [];
  for (const line of answer.split(/\r?\n/)) {
    const item = line.replace(LIST_MARKER, '');
    for (const sentence of splitSentences(item)) {
      for (const clause of splitClauses(sentence)) {
        const text = clause.trim();
        if (!/[\p{L}\p{N}]/u.test(text)) continue;
        const checked = text.replace(LEADING_PARTICLES, '').replace(HEDGE_PREFIX, '');
        const tokens = tokenize(checked);
        const speaker = (checked === text ? tokens : tokenize(text)).some((token) => token.key === SPEAKER_KEY);
        claims.push({ text, tokens, kind: isConversational(text, tokens) ? 'conversational' : 'factual', speaker });
      }
    }
  }
  // A question or request to the user beside a statement follows up on it ("It sells laptops
  // online. Did you buy yours there?", "Please reply with your order number."): it asks, so it is
  // not checked. Alone, it is the whole answer, and what it
  // brings up ("Have you seen Jaws 3?") is checked like a statement.
  const states = claims.some((claim) => claim.kind === 'factual' && !asksTheUser(claim.text));
  return states ? claims.map((claim) => (asksTheUser(claim.text) ? { ...claim, kind: 'conversational' } : claim)) : claims;
}
