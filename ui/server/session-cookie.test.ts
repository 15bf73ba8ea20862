import { describe, expect, it } from 'vitest';
import { signSession, verifySession } from './session-cookie.ts';

describe('session cookie', () => {
  const claims = { keySha256: 'a'.repeat(64), exp: 2_000 };
  it('round-trips and never contains more than the digest', () => {
    const value = signSession(claims, 'secret');
    expect(verifySession(value, 'secret', 1_000)).toEqual(claims);
  });
  it('refuses expired, tampered and foreign cookies', () => {
    const value = signSession(claims, 'secret');
    expect(verifySession(value, 'secret', 2_000)).toBeUndefined();
    expect(verifySession(value, 'other secret', 1_000)).toBeUndefined();
    const [v, , sig] = value.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: 9e15 })).toString('base64url');
    expect(verifySession(`${v}.${forged}.${sig}`, 'secret', 1_000)).toBeUndefined();
    expect(verifySession('garbage', 'secret', 1_000)).toBeUndefined();
    expect(verifySession(undefined, 'secret', 1_000)).toBeUndefined();
  });
});
