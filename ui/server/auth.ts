// Who is asking, for the query API: an `Authorization: Bearer` key (API clients) or the UI's
// session cookie. Instance admins (the admin token) choose the project with `X-Vigil-Project`.
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { authorize, permit, type KeyLookup } from '../../core/projects/auth.ts';
import { DEFAULT_PROJECT, INSTANCE, type Purpose, type Scope } from '../../core/projects/keys.ts';
import type { ApiKeyRecord } from '../../core/projects/repository.ts';
import { SESSION_COOKIE, verifySession } from './session-cookie.ts';

export interface Principal {
  /** The project this request reads or manages. */
  projectId: string;
  scope: Scope;
  /** Signed in with the admin token: every project. */
  instanceAdmin: boolean;
  keySha256: string;
  via: 'bearer' | 'cookie';
}

export interface AuthDeps extends KeyLookup {
  lookupDigest(keySha256: string): Promise<ApiKeyRecord | undefined>;
  sessionSecret: string;
  projectExists(projectId: string): Promise<boolean>;
}

export const PROJECT_HEADER = 'x-vigil-project';

export async function resolvePrincipal(c: Context, deps: AuthDeps, purpose: Purpose): Promise<Principal> {
  const header = c.req.header('authorization');
  let via: Principal['via'] = 'bearer';
  let result;
  if (header !== undefined) {
    result = await authorize(deps, header, purpose);
  } else {
    const claims = verifySession(getCookie(c, SESSION_COOKIE), deps.sessionSecret, Date.now());
    if (!claims) throw new HTTPException(401, { message: 'missing API key: send "Authorization: Bearer <key>", or sign in to the UI at /sign-in' });
    const record = await deps.lookupDigest(claims.keySha256);
    if (!record) throw new HTTPException(401, { message: 'the key this session was signed in with has been revoked: sign in again' });
    checkOrigin(c);
    via = 'cookie';
    result = permit(record, purpose);
  }
  if (!result.ok) throw new HTTPException(result.status, { message: result.message });
  const instanceAdmin = result.projectId === INSTANCE;
  const asked = c.req.header(PROJECT_HEADER);
  let projectId = result.projectId;
  if (instanceAdmin) {
    projectId = asked || DEFAULT_PROJECT;
    if (!(await deps.projectExists(projectId))) throw new HTTPException(404, { message: `no project "${projectId}" (${PROJECT_HEADER} header): list projects with GET /api/projects` });
  } else if (asked && asked !== projectId) {
    throw new HTTPException(403, { message: `this key belongs to project "${projectId}", not "${asked}"` });
  }
  return { projectId, scope: result.scope, instanceAdmin, keySha256: result.keySha256, via };
}

/**
 * Cookie-authenticated writes must come from Vigil's own pages. SameSite=Strict already keeps the
 * cookie off cross-site requests; this also refuses a foreign Origin on writes.
 */
function checkOrigin(c: Context): void {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return;
  const origin = c.req.header('origin');
  if (origin && origin !== new URL(c.req.url).origin) throw new HTTPException(403, { message: `cross-origin request from ${origin} refused` });
}
