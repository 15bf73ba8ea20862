import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.ts';

const keys = (text: string) => tokenize(text).filter((t) => t.kind !== 'function').map((t) => `${t.kind}:${t.key}`);

describe('tokenize', () => {
  it('normalises numbers written with separators or in words', () => {
    expect(keys('1,000 people in fourteen days')).toEqual(['number:1000', 'content:peopl', 'number:14', 'content:day']);
  });

  it('reads contractions and tokenised clitics as negation', () => {
    expect(keys("isn't / did n't / dont / never").filter((k) => k.startsWith('negation'))).toHaveLength(4);
  });

  it('stems inflections to one key', () => {
    const [a, b, c] = ['runs', 'running', 'run'].map((w) => tokenize(w)[0]?.key);
    expect(new Set([a, b, c]).size).toBe(1);
  });

  it('marks capitalised words mid-sentence as names, not sentence-initial ones', () => {
    const names = tokenize('The film stars Tom Hanks. Later it won.').filter((t) => t.capitalised).map((t) => t.word);
    expect(names).toEqual(['tom', 'hanks']);
  });

  it('turns first-person pronouns into the speaker, which needs support like a name', () => {
    expect(keys('I watched it')).toContain('content:<speaker>');
  });
});
