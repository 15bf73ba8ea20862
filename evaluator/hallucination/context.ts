// Context → an index the claims are checked against: passages (sentences) for alignment and
// explanation, and context-wide sets for support lookups.
import { GRAMMAR_WORDS } from './lexicon.ts';
import { splitSentences } from './sentences.ts';
import { tokenize, type Token } from './tokenize.ts';
import { entailingKey } from './wordnet.ts';

export interface Passage {
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly keys: ReadonlySet<string>;
  /** Keys said under a negation ("not open" → "open"). */
  readonly negatedKeys: ReadonlySet<string>;
}

export interface ContextIndex {
  readonly passages: readonly Passage[];
  /** Every content and number key anywhere in the context. */
  readonly keys: ReadonlySet<string>;
  /** The grammatical function words the context uses (lexicon.ts GRAMMAR_WORDS). */
  readonly grammarWords: ReadonlySet<string>;
  /** Passages containing each key: the context's own document frequency. */
  readonly passageFrequency: ReadonlyMap<string, number>;
}

export const isMeaningful = (token: Token): boolean => token.kind === 'content' || token.kind === 'number';

/**
 * Whether the context supports one claim token: it has the same key or, for a common word, a
 * synonym or a more specific word (wordnet.ts). Numbers and names must match exactly: "14" is
 * not "30", and one name is not another.
 */
export function isSupported(token: Token, context: ContextIndex): boolean {
  if (context.keys.has(token.key)) return true;
  return token.kind === 'content' && !token.capitalised && entailingKey(token.key, context.keys) !== undefined;
}

export const isGrammarWord = (token: Token): boolean => token.kind === 'function' && GRAMMAR_WORDS.has(token.key);

/**
 * How far a negation reaches: the next few tokens. A crude stand-in for syntactic scope, but
 * it keeps "not" at one end of a long sentence from negating a fact at the other end.
 */
const NEGATION_SCOPE = 5;

export function negatedKeysOf(tokens: readonly Token[]): Set<string> {
  const negated = new Set<string>();
  tokens.forEach((token, i) => {
    if (token.kind !== 'negation') return;
    for (const next of tokens.slice(i + 1, i + 1 + NEGATION_SCOPE)) if (isMeaningful(next)) negated.add(next.key);
  });
  return negated;
}

// Retrieved passages repeat across executions (the same documents answer many questions): each
// distinct sentence is tokenised once. Passages are never mutated, so they can be shared.
const PASSAGES = new Map<string, Passage>();
const PASSAGES_LIMIT = 50_000;

function passageOf(text: string): Passage {
  const known = PASSAGES.get(text);
  if (known !== undefined) return known;
  if (PASSAGES.size >= PASSAGES_LIMIT) PASSAGES.clear();
  const passage = newPassage(text);
  PASSAGES.set(text, passage);
  return passage;
}

function newPassage(text: string): Passage {
  const tokens = tokenize(text);
  return {
    text,
    tokens,
    keys: new Set(tokens.filter(isMeaningful).map((token) => token.key)),
    negatedKeys: negatedKeysOf(tokens),
  };
}

export function indexContext(context: string | readonly string[]): ContextIndex {
  const documents = typeof context === 'string' ? [context] : context;
  const passages = documents
    .flatMap((document) => document.split(/\r?\n/))
    .flatMap((line) => splitSentences(line))
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence))
    .map(passageOf);
  const keys = new Set<string>();
  const grammarWords = new Set<string>();
  const passageFrequency = new Map<string, number>();
  for (const passage of passages) {
    for (const key of passage.keys) {
      keys.add(key);
      passageFrequency.set(key, (passageFrequency.get(key) ?? 0) + 1);
    }
    for (const token of passage.tokens) if (isGrammarWord(token)) grammarWords.add(token.key);
  }
  return { passages, keys, grammarWords, passageFrequency };
}
