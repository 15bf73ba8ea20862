import { describe, expect, it } from 'vitest';
import { answerSegments, findingsFit } from './highlight.ts';

const plain = (text: string) => ({ text, claim: null, claimEnd: false, pii: null });

describe('answerSegments', () => {
  const answer = 'Returns take 30 days. It arrives tomorrow. Refunds go to your card.';
  it('marks each unsupported claim where it occurs and leaves the rest as plain runs', () => {
    const segments = answerSegments(answer, [
      { claim: 'Returns take 30 days.', supported: true },
      { claim: 'It arrives tomorrow.', supported: false },
      { claim: 'Refunds go to your card.', supported: false },
    ]);
    expect(segments).toEqual([
      plain('Returns take 30 days. '),
      { text: 'It arrives tomorrow.', claim: 1, claimEnd: true, pii: null },
      plain(' '),
      { text: 'Refunds go to your card.', claim: 2, claimEnd: true, pii: null },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(answer);
  });

  it('finds a repeated sentence at its own place and skips a claim that is not in the answer', () => {
    expect(answerSegments('Yes. Yes.', [{ claim: 'Yes.', supported: true }, { claim: 'Yes.', supported: false }, { claim: 'No.', supported: false }])).toEqual([
      plain('Yes. '),
      { text: 'Yes.', claim: 1, claimEnd: true, pii: null },
    ]);
  });

  it('keeps markup-looking text as text', () => {
    const xss = '<img src=x onerror=alert(1)>';
    expect(answerSegments(xss, [{ claim: xss, supported: false }])).toEqual([{ text: xss, claim: 0, claimEnd: true, pii: null }]);
  });

  const mail = 'Mail jane@example.com or call +1 415 555 0100.';
  const findings = [
    { kind: 'phone', start: 30, end: 45, masked: '+* *** *** **00' },
    { kind: 'email', start: 5, end: 21, masked: 'j***@e***.com' },
  ];
  it('replaces every PII finding by its masked hint, never the value', () => {
    const segments = answerSegments(mail, [], findings);
    expect(segments.map((s) => s.text).join('')).toBe('Mail j***@e***.com or call +* *** *** **00.');
    expect(segments.filter((s) => s.pii).map((s) => s.pii)).toEqual(['email', 'phone']);
    expect(JSON.stringify(segments)).not.toContain('jane@example.com');
  });

  it('masks a finding inside a marked claim, which keeps its number on its last run', () => {
    const segments = answerSegments(mail, [{ claim: 'Mail jane@example.com', supported: false }], findings);
    expect(segments.slice(0, 2)).toEqual([
      { text: 'Mail ', claim: 0, claimEnd: false, pii: null },
      { text: 'j***@e***.com', claim: 0, claimEnd: true, pii: 'email' },
    ]);
    expect(JSON.stringify(segments)).not.toContain('jane@');
  });

  it('leaves out findings that do not fit the text', () => {
    expect(findingsFit('short', [{ kind: 'email', start: 2, end: 40, masked: 'x' }])).toBe(false);
    expect(findingsFit(mail, [{ kind: 'email', start: 5, end: 21, masked: 'a' }, { kind: 'phone', start: 10, end: 25, masked: 'b' }])).toBe(false);
    expect(findingsFit(mail, findings)).toBe(true);
    expect(answerSegments('short', [], [{ kind: 'email', start: 2, end: 40, masked: 'x' }])).toEqual([plain('short')]);
  });
});
