import { describe, expect, it } from 'vitest';
import { splitClaims } from './claims.ts';

const texts = (answer: string) => splitClaims(answer).map((claim) => [claim.kind, claim.text]);

describe('splitClaims', () => {
  it('splits sentences, keeping abbreviations, initials and decimals inside', () => {
    expect(texts('Dr. Smith met J. K. Rowling in 1999. The fee is 5.5 dollars! Was it paid?')).toEqual([
      ['factual', 'Dr. Smith met J. K. Rowling in 1999.'],
      ['factual', 'The fee is 5.5 dollars!'],
      ['factual', 'Was it paid?'],
    ]);
  });

  it('splits list items and contrastive clauses', () => {
    expect(texts('Plans:\n- Basic costs 10 dollars\n2. Pro costs 20 dollars; it includes support, but it excludes travel')
      .map(([, text]) => text)).toEqual([
      'Plans:', 'Basic costs 10 dollars', 'Pro costs 20 dollars', 'it includes support', 'it excludes travel',
    ]);
  });

  it('marks greetings, thanks and refusals as conversational', () => {
    expect(texts("Hello! Thanks, that's great. How can I help you today? I'm not sure. I don't know who directed it."))
      .toEqual([
        ['conversational', 'Hello!'],
        ['conversational', "Thanks, that's great."],
        ['conversational', 'How can I help you today?'],
        ['conversational', "I'm not sure."],
        ['conversational', "I don't know who directed it."],
      ]);
  });

  it('separates a refusal from a claim that follows it', () => {
    expect(texts("I'm not sure, it was released in 1999")).toEqual([
      ['conversational', "I'm not sure"],
      ['factual', 'it was released in 1999'],
    ]);
  });

  it('checks opinions about the topic, unlike reactions to the user', () => {
    expect(texts("That's interesting. The film is very funny.").map(([kind]) => kind)).toEqual(['conversational', 'factual']);
  });

  it('treats a question about the user beside a statement as a follow-up, and checks what a question asserts', () => {
    expect(texts('It sells laptops online. Did you buy yours there? Have you heard of Dell?').map(([kind]) => kind))
      .toEqual(['factual', 'conversational', 'conversational']);
    expect(texts('It sells laptops. Did you know that it delivers in 2 hours?').map(([kind]) => kind)).toEqual(['factual', 'factual']);
    // Alone, the question is the whole answer: what it brings up is checked.
    expect(texts('Have you seen Jaws 3?').map(([kind]) => kind)).toEqual(['factual']);
  });
});
