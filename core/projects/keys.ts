// API keys: random, prefixed so they are recognisable in a leaked-secrets scan, stored only as a
// SHA-256 digest. A key has a scope; the instance admin token is a key of the pseudo-project '*'.
import { createHash, randomBytes } from 'node:crypto';

export const DEFAULT_PROJECT = 'default';
/** The pseudo-project of the instance admin token: every project, no data of its own. */
export const INSTANCE = '*';

export const SCOPES = ['ingest', 'read', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * What a request wants to do with its key. `record`: write results into a project through the API
 * (end-user feedback, suite runs), which ingest and admin keys may do, and the admin token.
 */
export type Purpose = 'ingest' | 'read' | 'admin' | 'record';

export function scopeAllows(scope: Scope, purpose: Purpose): boolean {
  if (purpose === 'record') return scope === 'admin' || scope === 'ingest';
  return scope === 'admin' || scope === purpose;
}

export function generateApiKey(): string {
  return `vgl_${randomBytes(24).toString('base64url')}`;
}

export function generateAdminToken(): string {
  return `vgla_${randomBytes(24).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A key's public name: the start of its digest (the key cannot be recovered from it). */
export const keyIdOf = (keySha256: string) => keySha256.slice(0, 12);

/** The key from an `Authorization: Bearer <key>` header value, or undefined. */
export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export const PROJECT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;
