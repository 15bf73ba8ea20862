// The query API on VIGIL_HTTP_PORT (the web UI comes with a later issue). Every /api route is
// authenticated with a project key and sees only that project's data.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ClickHouseClient } from '@clickhouse/client';
import { bearerToken } from '../../core/projects/keys.ts';
import { getExecution } from '../../core/executions/repository.ts';
import { getTraceSpans } from '../../core/spans/repository.ts';

export interface ApiDeps {
  client: ClickHouseClient;
  authenticate(key: string | undefined): Promise<string | undefined>;
  ready(): Promise<boolean>;
}

type Env = { Variables: { projectId: string } };

const TRACE_ID = /^[0-9a-f]{32}$/;

export function createApiApp(deps: ApiDeps): Hono<Env> {
  const app = new Hono<Env>();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => ((await deps.ready()) ? c.json({ status: 'ready' }) : c.json({ status: 'not ready' }, 503)));

  app.use('/api/*', async (c, next) => {
    const projectId = await deps.authenticate(bearerToken(c.req.header('authorization')));
    if (projectId === undefined) throw new HTTPException(401, { message: 'missing or unknown API key: send "Authorization: Bearer <key>"' });
    c.set('projectId', projectId);
    await next();
  });

  app.get('/api/traces/:traceId', async (c) => {
    const traceId = c.req.param('traceId').toLowerCase();
    if (!TRACE_ID.test(traceId)) throw new HTTPException(400, { message: 'trace id must be 32 hexadecimal characters' });
    const projectId = c.get('projectId');
    const [execution, spans] = await Promise.all([getExecution(deps.client, projectId, traceId), getTraceSpans(deps.client, projectId, traceId)]);
    if (spans.length === 0) throw new HTTPException(404, { message: `no trace ${traceId} in this project` });
    return c.json({ execution, spans });
  });

  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return c.json({ error: error.message }, error.status);
    console.error('api: unexpected error', error);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
