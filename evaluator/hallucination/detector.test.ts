import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, DEFAULT_THRESHOLDS, detectHallucination } from './index.ts';

const policy = 'Refunds are issued within 14 days of purchase. The store is open on Sundays. Shipping to Canada costs 12 dollars.';

describe('detectHallucination', () => {
  it('supports an answer that restates the context', () => {
    const verdict = detectHallucination(policy, 'You can get a refund within 14 days of purchase.');
    expect(verdict.flagged).toBe(false);
    expect(verdict.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('flags a wrong number even when every other word matches (30 vs 14 days)', () => {
    const verdict = detectHallucination(policy, 'You can get a refund within 30 days of purchase.');
    expect(verdict.flagged).toBe(true);
    expect(verdict.unsupported[0]?.reasons).toContain('number "30" is not in the context');
  });

  it('flags a flipped negation in either direction', () => {
    expect(detectHallucination(policy, 'The store is not open on Sundays.').flagged).toBe(true);
    expect(detectHallucination('The store is not open on Sundays.', 'The store is open on Sundays.').flagged).toBe(true);
    expect(detectHallucination('The store is not open on Sundays.', 'The store is not open on Sundays.').flagged).toBe(false);
  });

  it('does not let a greeting or a follow-up question sink a grounded fact', () => {
    for (const answer of ['Hello! The store is open on Sundays.', 'The store is open on Sundays. Anything else?']) {
      expect(detectHallucination(policy, answer).flagged, answer).toBe(false);
    }
  });

  it('does not let a clarifying question after a grounded fact flag the answer', () => {
    const store = 'The store sells laptops online and in shops.';
    const verdict = detectHallucination(store, 'The store sells laptops online. Did you buy it online?');
    expect(verdict).toMatchObject({ flagged: false, unsupported: [] });
    expect(verdict.claims.find((claim) => claim.claim === 'Did you buy it online?')).toMatchObject({ kind: 'conversational', supported: true });
    // What the question frames as a fact is still checked, and attribution mode still counts the question.
    expect(detectHallucination(store, 'The store sells laptops online. Did you know it delivers in 2 hours?').flagged).toBe(true);
    const attribution = detectHallucination(store, 'The store sells laptops online. Did you buy it online?', { mode: 'attribution' });
    expect(attribution.unsupported.map((claim) => claim.claim)).toEqual(['Did you buy it online?']);
  });

  it('does not check a request to the user beside a grounded fact, but still checks advice', () => {
    const warranty = 'Warranty claims need the order number and a photo of the defect.';
    const verdict = detectHallucination(warranty, 'Warranty claims need the order number and a photo of the defect. Please reply with your order number and a photo.');
    expect(verdict.flagged).toBe(false);
    expect(verdict.claims.at(-1)).toMatchObject({ kind: 'conversational' });
    // "Please note that X" asserts X: checked.
    expect(detectHallucination(warranty, 'Warranty claims need the order number. Please note that claims are refunded in cash within 2 hours.').flagged).toBe(true);
  });

  it('does not flag chitchat or refusals', () => {
    for (const answer of ['Hello!', "I'm not sure.", 'Thanks, that is great!', "Sorry, I can't answer that.", '']) {
      const verdict = detectHallucination(policy, answer);
      expect(verdict, answer).toMatchObject({ score: 1, flagged: false, unsupported: [] });
    }
  });

  it('explains: quotes the unsupported claim with its score and the closest passage', () => {
    const verdict = detectHallucination(
      [policy, 'Gift cards never expire.'],
      'Hello! Shipping to Canada costs 12 dollars. Shipping to Mexico costs 40 dollars.',
    );
    expect(verdict.flagged).toBe(true);
    expect(verdict.unsupported).toHaveLength(1);
    expect(verdict.unsupported[0]).toMatchObject({
      claim: 'Shipping to Mexico costs 40 dollars.',
      passage: 'Shipping to Canada costs 12 dollars.',
    });
    expect(verdict.unsupported[0]?.score).toBeLessThan(DEFAULT_THRESHOLD);
    const supported = verdict.claims.find((c) => c.claim === 'Shipping to Canada costs 12 dollars.');
    expect(supported?.supported).toBe(true);
  });

  it('honours a custom threshold and is deterministic', () => {
    const answer = 'You can get a refund within 30 days of purchase.';
    const first = detectHallucination(policy, answer, { threshold: 0 });
    expect(first).toMatchObject({ flagged: false, unsupported: [] });
    expect(detectHallucination(policy, answer, { threshold: 0 })).toEqual(first);
    expect(detectHallucination(policy, answer, { threshold: 1 }).flagged).toBe(true);
  });
});

describe('detectHallucination, attribution mode', () => {
  const attribution = (answer: string) => detectHallucination(policy, answer, { mode: 'attribution' });

  it('uses its own threshold and reports its mode', () => {
    expect(attribution('The store is open on Sundays.')).toMatchObject({
      mode: 'attribution', threshold: DEFAULT_THRESHOLDS.attribution, flagged: false,
    });
    expect(detectHallucination(policy, 'The store is open on Sundays.').mode).toBe('facts');
  });

  it('flags what facts mode lets pass: questions back and talk about the speaker', () => {
    for (const answer of ['How was yours?', 'Do you like shopping on Sundays?', "I'm not sure."]) {
      expect(detectHallucination(policy, answer).flagged, answer).toBe(false);
      expect(attribution(answer).flagged, answer).toBe(true);
    }
  });

  it('explains why a claim is not attributable', () => {
    const verdict = attribution('I love shopping there on Sundays. The store is open on Sundays. Anything else?');
    expect(verdict.flagged).toBe(true);
    expect(verdict.unsupported.map((claim) => claim.claim)).toContain('I love shopping there on Sundays.');
    const reasons = verdict.unsupported.flatMap((claim) => claim.reasons);
    expect(reasons).toContain('speaks about the speaker, which the context does not');
    expect(reasons).toContain('asks a question rather than reporting the context');
    // The grounded sentence itself is not blamed.
    expect(verdict.claims.find((claim) => claim.claim === 'The store is open on Sundays.')?.supported).toBe(true);
  });

  it('still catches contradictions, and never flags an empty answer', () => {
    expect(attribution('You can get a refund within 30 days of purchase.').flagged).toBe(true);
    expect(attribution('')).toMatchObject({ score: 1, flagged: false });
  });
});
