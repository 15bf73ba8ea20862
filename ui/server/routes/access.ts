// Signing in to the UI, and managing projects and keys (admin token, or a project's admin key).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { permit } from '../../../core/projects/auth.ts';
import { generateApiKey, hashApiKey, INSTANCE, keyIdOf, PROJECT_ID } from '../../../core/projects/keys.ts';
import { addApiKey, ensureProject, getProject, listProjectKeys, listProjects, revokeKey } from '../../../core/projects/repository.ts';
import type { ApiKeyRecord } from '../../../core/projects/repository.ts';
import type { AuthDeps, Principal } from '../auth.ts';
import { CreatedKeySchema, ErrorSchema, KeySchema, ProjectSchema, SCOPE_VALUES, WhoAmISchema } from '../schemas.ts';
import { SESSION_COOKIE, SESSION_HOURS, signSession } from '../session-cookie.ts';
import type { ApiEnv, RouteDeps } from './env.ts';
import { errors, json, secured } from './openapi.ts';

export interface AccessDeps extends RouteDeps {
  auth: AuthDeps;
  /** This process's key cache: created keys work and revoked keys stop at once. */
  keys: { forget(keyIdPrefix: string): void; remember(record: ApiKeyRecord): void };
  otlpHttpPort?: number;
}

const signIn = createRoute({
  method: 'post',
  path: '/api/session',
  summary: 'Sign in to the UI with a read or admin key (sets an HttpOnly session cookie)',
  request: { body: { content: { 'application/json': { schema: z.object({ key: z.string().min(1).max(200) }) } }, required: true } },
  responses: { 200: json(WhoAmISchema, 'Signed in'), 401: json(ErrorSchema, 'Unknown or revoked key'), 403: json(ErrorSchema, 'An ingest key cannot sign in'), 400: errors[400] },
});
const signOut = createRoute({ method: 'delete', path: '/api/session', summary: 'Sign out', responses: { 204: { description: 'Signed out' } } });
const whoami = createRoute({ method: 'get', path: '/api/whoami', summary: 'The signed-in project, scope and the projects it may open', ...secured, responses: { 200: json(WhoAmISchema, 'Who you are'), ...errors } });

const ProjectPath = z.object({ projectId: z.string().regex(PROJECT_ID, 'lower-case letters, digits, - and _, at most 63') });
const projects = createRoute({ method: 'get', path: '/api/projects', summary: 'Projects this credential may manage', ...secured, responses: { 200: json(z.object({ projects: z.array(ProjectSchema) }), 'Projects'), ...errors } });
const createProject = createRoute({
  method: 'post',
  path: '/api/projects',
  summary: 'Create a project (admin token)',
  ...secured,
  request: { body: { content: { 'application/json': { schema: z.object({ id: z.string().regex(PROJECT_ID, 'lower-case letters, digits, - and _, at most 63'), name: z.string().min(1).max(200).optional() }) } }, required: true } },
  responses: { 201: json(ProjectSchema, 'Created'), 409: json(ErrorSchema, 'The project exists'), ...errors },
});
const listKeys = createRoute({ method: 'get', path: '/api/projects/{projectId}/keys', summary: 'A project\'s keys (never the keys themselves)', ...secured, request: { params: ProjectPath }, responses: { 200: json(z.object({ keys: z.array(KeySchema) }), 'Keys'), 404: json(ErrorSchema, 'No such project'), ...errors } });
const createKey = createRoute({
  method: 'post',
  path: '/api/projects/{projectId}/keys',
  summary: 'Create a key; the response is the only time the key is shown',
  ...secured,
  request: { params: ProjectPath, body: { content: { 'application/json': { schema: z.object({ scope: z.enum(SCOPE_VALUES), label: z.string().max(200).default('') }) } }, required: true } },
  responses: { 201: json(CreatedKeySchema, 'Created'), 404: json(ErrorSchema, 'No such project'), ...errors },
});
const revoke = createRoute({
  method: 'delete',
  path: '/api/projects/{projectId}/keys/{keyId}',
  summary: 'Revoke a key: it stops working at once for sending and reading',
  ...secured,
  request: { params: ProjectPath.extend({ keyId: z.string().regex(/^[0-9a-f]{12}$/, 'the 12-character key id from the key list') }) },
  responses: { 204: { description: 'Revoked' }, 404: json(ErrorSchema, 'No such key in this project'), ...errors },
});

/** The project a path names, if this principal may manage it; 404 otherwise (no existence leak). */
async function managedProject(deps: AccessDeps, principal: Principal, projectId: string): Promise<void> {
  const allowed = principal.instanceAdmin || principal.projectId === projectId;
  if (!allowed || !(await getProject(deps.client, projectId))) throw new HTTPException(404, { message: `no project "${projectId}" that this key manages` });
}

async function describe(deps: AccessDeps, principal: Principal) {
  const all = await listProjects(deps.client);
  return {
    projectId: principal.projectId,
    scope: principal.scope,
    instanceAdmin: principal.instanceAdmin,
    projects: principal.instanceAdmin ? all : all.filter((p) => p.id === principal.projectId),
    otlpHttpPort: deps.otlpHttpPort ?? null,
  };
}

const secureRequest = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

export function registerAccessRoutes(app: OpenAPIHono<ApiEnv>, deps: AccessDeps): void {
  app.openapi(signIn, async (c) => {
    const { key } = c.req.valid('json');
    const record = await deps.auth.lookup(key.trim());
    if (!record) throw new HTTPException(401, { message: 'unknown or revoked key' });
    const { keySha256 } = record;
    const result = permit(record, 'read');
    if (!result.ok) throw new HTTPException(result.status, { message: `${result.message}; an ingest key only sends traces` });
    const principal: Principal = { projectId: record.projectId === INSTANCE ? 'default' : record.projectId, scope: record.scope, instanceAdmin: record.projectId === INSTANCE, keySha256, via: 'cookie' };
    setCookie(c, SESSION_COOKIE, signSession({ keySha256, exp: Date.now() + SESSION_HOURS * 3600_000 }, deps.auth.sessionSecret), {
      httpOnly: true,
      sameSite: 'Strict',
      secure: secureRequest(c),
      path: '/',
      maxAge: SESSION_HOURS * 3600,
    });
    return c.json(await describe(deps, principal), 200);
  });

  app.openapi(signOut, (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  app.openapi(whoami, async (c) => c.json(await describe(deps, c.get('principal')), 200));

  app.openapi(projects, async (c) => c.json({ projects: (await describe(deps, c.get('principal'))).projects }, 200));

  app.openapi(createProject, async (c) => {
    if (!c.get('principal').instanceAdmin) throw new HTTPException(403, { message: 'only the admin token creates projects' });
    const { id, name } = c.req.valid('json');
    if (await getProject(deps.client, id)) throw new HTTPException(409, { message: `project "${id}" exists already` });
    await ensureProject(deps.client, id, name ?? id);
    return c.json((await getProject(deps.client, id))!, 201);
  });

  app.openapi(listKeys, async (c) => {
    const { projectId } = c.req.valid('param');
    await managedProject(deps, c.get('principal'), projectId);
    return c.json({ keys: await listProjectKeys(deps.client, projectId) }, 200);
  });

  app.openapi(createKey, async (c) => {
    const { projectId } = c.req.valid('param');
    const { scope, label } = c.req.valid('json');
    await managedProject(deps, c.get('principal'), projectId);
    const key = generateApiKey();
    await addApiKey(deps.client, projectId, key, label, scope);
    const keySha256 = hashApiKey(key);
    deps.keys.remember({ keySha256, projectId, scope });
    return c.json({ id: keyIdOf(keySha256), projectId, scope, label, createdAt: new Date().toISOString(), revoked: false, key }, 201);
  });

  app.openapi(revoke, async (c) => {
    const { projectId, keyId } = c.req.valid('param');
    await managedProject(deps, c.get('principal'), projectId);
    if (!(await revokeKey(deps.client, projectId, keyId))) throw new HTTPException(404, { message: `no key ${keyId} in project "${projectId}"` });
    deps.keys.forget(keyId);
    return c.body(null, 204);
  });
}
