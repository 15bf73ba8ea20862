// The reference point the detector must beat: plain unigram overlap, the share of the answer's
// distinct content words (lower-cased, stopwords removed, no stemming) that occur anywhere in
// the context. No claims, no weighting, no mismatch checks.
import { SPEAKER_WORDS, STOPWORDS } from './lexicon.ts';

function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
  return new Set(words.filter((word) => !STOPWORDS.has(word) && !SPEAKER_WORDS.has(word)));
}

/** Support in [0, 1]; 1 when the answer has no content words to check. */
export function unigramOverlap(context: string | readonly string[], answer: string): number {
  const contextWords = contentWords(typeof context === 'string' ? context : context.join('\n'));
  const answerWords = contentWords(answer);
  if (answerWords.size === 0) return 1;
  let found = 0;
  for (const word of answerWords) if (contextWords.has(word)) found++;
  return found / answerWords.size;
}
