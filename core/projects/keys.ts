// API keys: random, prefixed so they are recognisable in a leaked-secrets scan, stored only as a
// SHA-256 digest.
import { createHash, randomBytes } from 'node:crypto';

export const DEFAULT_PROJECT = 'default';

export function generateApiKey(): string {
  return `vgl_${randomBytes(24).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The key from an `Authorization: Bearer <key>` header value, or undefined. */
export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
