import { describe, expect, it } from 'vitest';
import { analyseAnswer } from './analysis.ts';
import { featuresOf } from './features.ts';

const features = (context: string, answer: string) => {
  const { index, claims } = analyseAnswer(context, answer);
  return featuresOf(claims, index);
};
const context = 'Refunds are issued within 14 days of purchase. The store is open on Sundays.';

describe('featuresOf', () => {
  it('sees a verbatim copy as fully covered and copied', () => {
    const f = features(context, 'Refunds are issued within 14 days of purchase.');
    expect(f).toMatchObject({ coverage: 1, novelContentLog: 0, copiedShare: 1, novelNumbers: 0 });
  });

  it('counts what is new: an invented number, a flipped negation, the speaker', () => {
    const f = features(context, 'Refunds are issued within 30 days. I think the store is not open on Sundays. I love it.');
    expect(f.novelNumbers).toBe(1);
    expect(f.negationMismatches).toBe(1);
    expect(f.coverage).toBeLessThan(1);
    expect(f.novelContentLog).toBeGreaterThan(0);
    expect(f.copiedShare).toBeLessThan(1);
    expect(f.firstPersonShare).toBeCloseTo(1 / 3);
  });

  it("measures how much of the claims' grammatical frame the context shares", () => {
    expect(features(context, 'Refunds are issued within 14 days of purchase.').grammarCoverage).toBe(1);
    // Same content words, but "after" is a relation the context never states: 2 of are/after/of.
    expect(features(context, 'Refunds are issued after 14 days of purchase.').grammarCoverage).toBeCloseTo(2 / 3);
    // A new tense, relation and quantity: will, be, after, for, all are none of them the context's.
    expect(features(context, 'Refunds will be issued after 14 days for all purchases.').grammarCoverage).toBe(0);
    // Addressing the user is not new grammar: "you" and "can" differ, but only "can" counts.
    expect(features(context, 'You can get refunds within 14 days of purchase.').grammarCoverage).toBeCloseTo(1 / 2);
  });

  it('counts greetings and questions as shares of the claims without checking them', () => {
    const f = features(context, 'Hello! The store is open on Sundays. Is it open late?');
    expect(f.conversationalShare).toBeCloseTo(1 / 3);
    expect(f.questionShare).toBeCloseTo(1 / 3);
    // A question to the user beside a statement is a follow-up: counted, not checked.
    const followUp = features(context, 'The store is open on Sundays. Do you need a refund?');
    expect(followUp).toMatchObject({ coverage: 1, conversationalShare: 0.5, questionShare: 0.5 });
  });
});
