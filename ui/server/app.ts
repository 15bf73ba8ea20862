// The query API and the web UI on VIGIL_HTTP_PORT. Every /api route except sign-in and the API
// reference is authenticated and sees only its project's data. Routes are declared with their
// schemas, which also generate the OpenAPI document at /api/openapi.json.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Store } from '../../core/clickhouse/client.ts';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { getProject } from '../../core/projects/repository.ts';
import * as metrics from '../../core/metrics.ts';
import type { ApiKeyRecord } from '../../core/projects/repository.ts';
import { resolvePrincipal, type AuthDeps } from './auth.ts';
import { registerAccessRoutes } from './routes/access.ts';
import { registerAlertRoutes } from './routes/alerts.ts';
import { registerBusinessRoutes } from './routes/business.ts';
import { registerSuiteRoutes } from './routes/suites.ts';
import { registerDatasetRoutes } from './routes/datasets.ts';
import { registerEvaluationRoutes } from './routes/evaluations.ts';
import { registerDashboardRoutes } from './routes/dashboards.ts';
import type { AlertingDeps, ApiEnv, EvaluationDeps } from './routes/env.ts';
import { registerTraceRoutes } from './routes/traces.ts';
import { CSP, registerStatic } from './static.ts';

export interface ApiDeps {
  client: ClickHouseClient;
  writer: Pick<Store, 'insertJsonLines'>;
  keys: {
    lookup(key: string | undefined): Promise<ApiKeyRecord | undefined>;
    lookupDigest(keySha256: string): Promise<ApiKeyRecord | undefined>;
    forget(keyIdPrefix: string): void;
    remember(record: ApiKeyRecord): void;
  };
  sessionSecret: string;
  ready(): Promise<boolean>;
  /** The OTLP/HTTP port, named in the answer to exporters that post traces here by mistake. */
  otlpHttpPort?: number;
  evaluation: EvaluationDeps;
  alerting: AlertingDeps;
}

const OPEN_PATHS = new Set(['/api/session', '/api/openapi.json']);
const API_BODY_LIMIT = 64 * 1024;
/** A suite run carries every case's output: larger than the other documents the API takes. */
const SUITE_RUN_BODY_LIMIT = 16 * 1024 * 1024;

export function createApiApp(deps: ApiDeps): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issue = result.error.issues[0]!;
        const where = issue.path.length ? issue.path.join('.') : result.target;
        throw new HTTPException(400, { message: `${where}: ${issue.message}` });
      }
    },
  });
  const auth: AuthDeps = {
    lookup: (key) => deps.keys.lookup(key),
    lookupDigest: (digest) => deps.keys.lookupDigest(digest),
    sessionSecret: deps.sessionSecret,
    projectExists: async (id) => (await getProject(deps.client, id)) !== undefined,
  };

  app.use('*', async (c, next) => {
    const stop = c.req.path.startsWith('/api/') ? metrics.httpDuration.startTimer() : undefined;
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    c.header('x-frame-options', 'DENY');
    if (!c.res.headers.has('content-security-policy')) c.header('content-security-policy', CSP);
    if (stop) {
      const route = c.req.routePath === '/*' || c.req.routePath === '*' ? 'unmatched' : c.req.routePath;
      stop({ route, method: c.req.method });
      metrics.httpRequests.inc({ route, method: c.req.method, status: String(c.res.status) });
    }
  });

  // Traces are large JSON (~1.6 KB a span): gzip cuts them ~10x for a browser on a real network.
  app.use('/api/*', compress());
  // Requests to the API are small JSON documents; nothing larger is read into memory.
  const smallBodies = bodyLimit({ maxSize: API_BODY_LIMIT, onError: (c) => c.json({ error: `request body over ${API_BODY_LIMIT / 1024} KiB: the API takes small JSON documents` }, 413) });
  const suiteRuns = bodyLimit({ maxSize: SUITE_RUN_BODY_LIMIT, onError: (c) => c.json({ error: `suite run over ${SUITE_RUN_BODY_LIMIT / 2 ** 20} MiB: split the suite, or shorten the outputs it stores` }, 413) });
  app.use('/api/*', (c, next) => (c.req.path === '/api/suites/runs' ? suiteRuns : smallBodies)(c, next));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => ((await deps.ready()) ? c.json({ status: 'ready' }) : c.json({ status: 'not ready' }, 503)));
  app.get('/metrics', async (c) => {
    await resolvePrincipal(c, auth, 'read');
    return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  });
  app.post('/v1/traces', (c) =>
    c.json({ error: `this is Vigil's query API port; send OTLP traces to the OTLP/HTTP port${deps.otlpHttpPort ? ` ${deps.otlpHttpPort}` : ''} (POST http://<host>:${deps.otlpHttpPort ?? 4318}/v1/traces) or OTLP/gRPC` }, 404),
  );

  app.use('/api/*', async (c, next) => {
    const path = c.req.path;
    if (OPEN_PATHS.has(path) || path.startsWith('/api/docs')) return next();
    // Feedback comes from a product's backend and suite runs from CI, with an ingest key like traces.
    const writes = path === '/api/feedback' || (path === '/api/suites/runs' && c.req.method === 'POST');
    const purpose = path.startsWith('/api/projects') ? 'admin' : writes ? 'record' : 'read';
    c.set('principal', await resolvePrincipal(c, auth, purpose));
    await next();
  });

  registerAccessRoutes(app, { client: deps.client, writer: deps.writer, evaluation: deps.evaluation, alerting: deps.alerting, auth, keys: deps.keys, otlpHttpPort: deps.otlpHttpPort });
  registerTraceRoutes(app, deps);
  registerDashboardRoutes(app, deps);
  registerEvaluationRoutes(app, deps);
  registerAlertRoutes(app, deps);
  registerBusinessRoutes(app, deps);
  registerSuiteRoutes(app, deps);
  registerDatasetRoutes(app, deps);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'A project key (read or admin scope) or the admin token' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'vigil_session', description: 'The UI session after POST /api/session' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Vigil query API',
      version: '1',
      description: 'Search executions, read traces, sessions and latency series, list guardrail judgements and re-evaluate history, read the policy in force, manage projects and keys. Authenticate with `Authorization: Bearer <key>`. With the admin token, choose the project with the `X-Vigil-Project` header.',
    },
  });
  registerStatic(app);

  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}; the API reference is at /api/docs` }, 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return c.json({ error: error.message }, error.status);
    console.error('api: unexpected error', error);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
