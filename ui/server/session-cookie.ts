// The UI's session cookie: the digest of the key the user signed in with and an expiry, signed
// with HMAC-SHA256. It never holds the key itself; revoking the key ends every session made with
// it, because each request checks that the digest still belongs to an active key. Pure.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'vigil_session';
export const SESSION_HOURS = 12;

export interface SessionClaims {
  keySha256: string;
  /** Expiry, milliseconds since the epoch. */
  exp: number;
}

const mac = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url');

export function signSession(claims: SessionClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `v1.${payload}.${mac(payload, secret)}`;
}

/** The claims of a valid, unexpired cookie value, else undefined. */
export function verifySession(value: string | undefined, secret: string, nowMs: number): SessionClaims | undefined {
  const [version, payload, signature] = (value ?? '').split('.');
  if (version !== 'v1' || !payload || !signature) return undefined;
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as SessionClaims;
    if (typeof claims.keySha256 !== 'string' || typeof claims.exp !== 'number' || claims.exp <= nowMs) return undefined;
    return claims;
  } catch {
    return undefined;
  }
}
