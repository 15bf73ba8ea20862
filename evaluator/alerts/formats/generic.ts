// The generic webhook: the notification as versioned JSON, signed Stripe-style so a receiver can
// check it came from Vigil and is fresh: `X-Vigil-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AlertNotification, PayloadRequest } from './notification.ts';

export const GENERIC_VERSION = 'vigil.alert.v1';
export const SIGNATURE_HEADER = 'X-Vigil-Signature';
export const IDEMPOTENCY_HEADER = 'X-Vigil-Idempotency-Key';

const sign = (secret: string, timestamp: number, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export function buildGeneric(notification: AlertNotification, secret: string, nowSeconds: number): PayloadRequest {
  const body = JSON.stringify({ version: GENERIC_VERSION, ...notification });
  const timestamp = Math.floor(nowSeconds);
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      [SIGNATURE_HEADER]: `t=${timestamp},v1=${sign(secret, timestamp, body)}`,
      [IDEMPOTENCY_HEADER]: notification.id,
    },
  };
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * Checks a signature header against the raw request body (the exact bytes received, before any
 * JSON parsing). Several `v1=` entries are accepted so a sender can sign with an old and a new
 * secret while it is rotated.
 */
export function verifySignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = 300): VerifyResult {
  const entries = header.split(',').map((part) => part.trim().split('='));
  const timestamp = Number(entries.find(([key]) => key === 't')?.[1]);
  const signatures = entries.filter(([key, value]) => key === 'v1' && value).map(([, value]) => value as string);
  if (!Number.isInteger(timestamp) || signatures.length === 0) return { ok: false, reason: 'malformed signature header: expected "t=<unix seconds>,v1=<hex>"' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: `timestamp ${timestamp} is outside the ${toleranceSeconds}s replay window` };
  const expected = Buffer.from(sign(secret, timestamp, body), 'hex');
  const matches = signatures.some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true } : { ok: false, reason: 'signature does not match the body and secret' };
}

/** What a receiver copies into its handler (README). Kept in step with verifySignature by a test. */
export const VERIFY_SNIPPET = `import { createHmac, timingSafeEqual } from 'node:crypto';

// rawBody: the request body exactly as received (string), before JSON.parse.
export function verifyVigilSignature(secret, header, rawBody, toleranceSeconds = 300) {
  const fields = header.split(',').map((part) => part.trim().split('='));
  const t = Number(fields.find(([k]) => k === 't')?.[1]);
  const given = fields.filter(([k, v]) => k === 'v1' && v).map(([, v]) => Buffer.from(v, 'hex'));
  if (!Number.isInteger(t) || given.length === 0) return false;
  if (Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false; // replay window
  const expected = createHmac('sha256', secret).update(\`\${t}.\${rawBody}\`).digest();
  return given.some((g) => g.length === expected.length && timingSafeEqual(g, expected));
}
`;
