// Turns an Authorization header into a project and scope, for a purpose, with errors that say what
// to do. Shared by the collector (purpose ingest) and the query API (read, admin).
import { bearerToken, INSTANCE, scopeAllows, type Purpose, type Scope } from './keys.ts';
import type { ApiKeyRecord } from './repository.ts';

export type AuthResult =
  | { ok: true; projectId: string; scope: Scope; keySha256: string }
  | { ok: false; status: 401 | 403; message: string };

export interface KeyLookup {
  lookup(key: string | undefined): Promise<ApiKeyRecord | undefined>;
}

const WANTS: Record<Purpose, string> = {
  ingest: 'send traces: use an ingest or admin key of the project',
  read: 'read data: use a read or admin key of the project',
  admin: 'manage projects and keys: use the admin token or an admin key',
  record: 'record results (feedback, suite runs): use an ingest or admin key of the project, or the admin token',
};

export async function authorize(keys: KeyLookup, header: string | undefined, purpose: Purpose): Promise<AuthResult> {
  if (!header) return { ok: false, status: 401, message: 'missing API key: send "Authorization: Bearer <key>"' };
  const key = bearerToken(header);
  if (key === undefined) return { ok: false, status: 401, message: 'the Authorization header must read "Bearer <key>": the "Bearer " prefix is missing' };
  const record = await keys.lookup(key);
  if (!record) return { ok: false, status: 401, message: 'unknown or revoked API key' };
  return permit(record, purpose);
}

/** Checks a known key's scope against a purpose. */
export function permit(record: ApiKeyRecord, purpose: Purpose): AuthResult {
  if (record.projectId === INSTANCE && purpose === 'ingest') {
    return { ok: false, status: 403, message: 'the admin token manages projects and keys; send traces with a project\'s ingest key (vigil keys create)' };
  }
  if (!scopeAllows(record.scope, purpose)) {
    return { ok: false, status: 403, message: `this key has scope "${record.scope}" and cannot ${WANTS[purpose]}` };
  }
  return { ok: true, projectId: record.projectId, scope: record.scope, keySha256: record.keySha256 };
}
