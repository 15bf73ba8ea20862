// Text → typed tokens. Both the context and the answer go through the same path, so matching
// is symmetric: whatever normalisation one side gets, the other gets too.
import { NEGATIONS, NUMBER_WORDS, SPEAKER_KEY, SPEAKER_WORDS, STOPWORDS } from './lexicon.ts';

/**
 * - `content`: a word that carries meaning (checked for support), or the speaker ("I", "my");
 * - `number`: a quantity, normalised to digits ("1,000" → "1000", "fourteen" → "14");
 * - `negation`: flips polarity ("not", "n't", "never");
 * - `function`: a stopword, ignored for support.
 */
export type TokenKind = 'content' | 'number' | 'negation' | 'function';

export interface Token {
  /** Normalised, stemmed form used for matching. */
  readonly key: string;
  /** The word as written, lower-cased: what an explanation shows. */
  readonly word: string;
  readonly kind: TokenKind;
  /** Written with a capital letter away from the start of a sentence: likely a name. */
  readonly capitalised: boolean;
}

const ENTITIES: Record<string, string> = {
  '&rsquo;': "'", '&lsquo;': "'", '&rdquo;': '"', '&ldquo;': '"', '&quot;': '"', '&amp;': '&',
  '&#39;': "'", '&nbsp;': ' ', '&ndash;': '-', '&mdash;': '-',
};

/** Undo HTML entities and typographic quotes that scraped text carries. */
export function normaliseText(text: string): string {
  return text
    .replace(/& ?[a-z]+;|&#\d+;/gi, (entity) => ENTITIES[entity.replace(' ', '').toLowerCase()] ?? ' ')
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[\u201c\u201d]/g, '"');
}

// Words, numbers with thousands separators / decimals / ordinal suffixes, and the clitics
// "n't" and "'s" that tokenised corpora write as separate tokens.
const TOKEN_PATTERN = /n't|'[a-z]+|\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th|s)?|[\p{L}][\p{L}\p{M}'-]*/giu;

/** Light suffix stripping: enough to match "runs"/"running"/"run", no dictionary needed. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 5 && w.endsWith('ly')) w = w.slice(0, -2);
  if (w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

function numberKey(raw: string): string | undefined {
  const digits = /^\d[\d,]*(?:\.\d+)?/.exec(raw)?.[0];
  if (digits !== undefined) return digits.replace(/,/g, '');
  return NUMBER_WORDS.get(raw);
}

// Words repeat across answers and contexts (a skewed vocabulary): classifying each distinct word
// once is most of the tokenizer's time saved. Tokens are never mutated, so they can be shared.
const CLASSIFIED = new Map<string, readonly Token[]>();
const CLASSIFIED_LIMIT = 200_000;

function classify(raw: string, capitalised: boolean): readonly Token[] {
  const key = `${capitalised ? 'C' : 'c'}${raw}`;
  const known = CLASSIFIED.get(key);
  if (known !== undefined) return known;
  if (CLASSIFIED.size >= CLASSIFIED_LIMIT) CLASSIFIED.clear();
  const tokens = classifyWord(raw, capitalised);
  CLASSIFIED.set(key, tokens);
  return tokens;
}

function classifyWord(raw: string, capitalised: boolean): Token[] {
  const lower = raw.toLowerCase();
  if (lower === "n't") return [{ key: 'not', word: lower, kind: 'negation', capitalised: false }];
  if (lower.startsWith("'")) return []; // possessive 's, 're, 've: grammar, not content
  // Contractions written in one piece, with or without the apostrophe: "isn't", "dont".
  const contracted = /^(.+?)(n't|nt)$/.exec(lower);
  if (contracted?.[1] !== undefined && STOPWORDS.has(contracted[1].replace(/^wo$/, 'will').replace(/^ca$/, 'can'))) {
    return [{ key: 'not', word: lower, kind: 'negation', capitalised: false }];
  }
  if (SPEAKER_WORDS.has(lower)) return [{ key: SPEAKER_KEY, word: lower, kind: 'content', capitalised: false }];
  const word = lower.replace(/'s$/, '').replace(/'/g, '');
  if (NEGATIONS.has(word)) return [{ key: 'not', word, kind: 'negation', capitalised: false }];
  const num = numberKey(word);
  if (num !== undefined) return [{ key: num, word, kind: 'number', capitalised: false }];
  if (STOPWORDS.has(word) || word.length < 2) return [{ key: word, word, kind: 'function', capitalised: false }];
  return word
    .split('-')
    .filter((part) => part.length > 0)
    .map((part) => ({
      key: stem(part),
      word: part,
      kind: STOPWORDS.has(part) ? 'function' : 'content',
      capitalised,
    }));
}

/** Tokenise a piece of text (one sentence or a whole passage). */
export function tokenize(text: string): Token[] {
  const normalised = normaliseText(text);
  const tokens: Token[] = [];
  for (const match of normalised.matchAll(TOKEN_PATTERN)) {
    const raw = match[0];
    const before = /\S?(?=[\s"'(]*$)/.exec(normalised.slice(Math.max(0, (match.index ?? 0) - 4), match.index))?.[0];
    const sentenceStart = before === undefined || before === '' || /[.!?:;]/.test(before);
    const capitalised = !sentenceStart && /^\p{Lu}/u.test(raw);
    tokens.push(...classify(raw, capitalised));
  }
  return tokens;
}
