import { beforeAll, describe, expect, it } from 'vitest';
import { indexContext, isSupported } from './context.ts';
import { detectHallucination } from './index.ts';
import { tokenize } from './tokenize.ts';
import { entailers, entailingKey } from './wordnet.ts';

const supportedIn = (context: string, word: string): boolean => {
  const [token] = tokenize(`the ${word}`).filter((t) => t.kind !== 'function');
  if (token === undefined) throw new Error(`no content token in "${word}"`);
  return isSupported(token, indexContext(context));
};

describe('lexical entailment (WordNet)', () => {
  // The WordNet table is read once per process (seconds on a busy machine); not part of any test.
  beforeAll(() => void entailers(), 60_000);

  it('supports a synonym or a more general word, not a sibling', () => {
    expect(supportedIn('We watched the movie twice.', 'film')).toBe(true);
    expect(supportedIn('She will buy the sofa next week.', 'purchased')).toBe(true);
    expect(supportedIn('Their poodle won the show.', 'dog')).toBe(true);
    expect(supportedIn('Their poodle won the show.', 'cat')).toBe(false);
    expect(supportedIn('Their dog won the show.', 'poodle')).toBe(false); // the specific is not implied by the general
  });

  it('keeps numbers and names exact', () => {
    expect(entailingKey('14', new Set(['fourteen', 'xiv']))).toBeUndefined();
    expect(supportedIn('Refunds take fourteen days.', '30')).toBe(false);
    const verdict = detectHallucination('The film was shot in Paris.', 'The movie was shot in Rome.');
    expect(verdict.flagged).toBe(true);
    expect(verdict.unsupported[0]?.reasons).toContain('name "rome" is not in the context');
  });

  it('lets a paraphrase of the context pass where an invented detail does not', () => {
    const context = 'The physician prescribed a drug for the infection.';
    const paraphrase = detectHallucination(context, 'The doctor prescribed a medicine for the infection.');
    const invented = detectHallucination(context, 'The surgeon prescribed a vaccine for the infection.');
    expect(paraphrase.flagged).toBe(false);
    expect(paraphrase.score).toBeGreaterThan(invented.score);
  });
});
