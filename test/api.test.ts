// The query API in memory (app.request) over the embedded engine, with traces sent through the real
// collector: authentication and scopes, revoked keys, project isolation, search filters, paging,
// sessions, latency series and facets, and a clear 400 for every bad parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSpanId, newTraceId } from './helpers/otlp-json.ts';
import { startTestVigil, TEST_ADMIN_TOKEN, type TestVigil } from './helpers/vigil.ts';

let vigil: TestVigil;
let otherKey: string;
let readKey: string;
const NOW_NS = BigInt(Date.now()) * 1_000_000n;
const MS = 1_000_000n;

interface Exec {
  agent: string;
  model: string;
  startAgoMs: number;
  durationMs: number;
  error?: boolean;
  outcome?: string;
  session?: string;
  user?: string;
  answer?: string;
  tokens?: number;
  tenant?: string;
}

const attr = (key: string, value: string | number) => ({ key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value } });

/** One execution in OTLP/JSON: an agent root and one LLM call. Returns the trace id. */
function executionSpans(e: Exec): { traceId: string; spans: unknown[] } {
  const traceId = newTraceId();
  const root = newSpanId();
  const start = NOW_NS - BigInt(e.startAgoMs) * MS;
  const end = start + BigInt(e.durationMs) * MS;
  const rootAttrs = [attr('gen_ai.operation.name', 'invoke_agent'), attr('gen_ai.agent.name', e.agent)];
  if (e.outcome) rootAttrs.push(attr('vigil.outcome', e.outcome));
  if (e.session) rootAttrs.push(attr('vigil.session.id', e.session));
  if (e.user) rootAttrs.push(attr('vigil.user.id', e.user));
  if (e.tenant) rootAttrs.push(attr('custom.tenant', e.tenant));
  return {
    traceId,
    spans: [
      { traceId, spanId: root, name: `invoke_agent ${e.agent}`, kind: 1, startTimeUnixNano: String(start), endTimeUnixNano: String(end), attributes: rootAttrs, status: {} },
      {
        traceId,
        spanId: newSpanId(),
        parentSpanId: root,
        name: `chat ${e.model}`,
        kind: 3,
        startTimeUnixNano: String(start + MS),
        endTimeUnixNano: String(end - MS),
        status: e.error ? { code: 2, message: 'rate limited' } : {},
        attributes: [
          attr('gen_ai.operation.name', 'chat'),
          attr('gen_ai.provider.name', 'openai'),
          attr('gen_ai.request.model', e.model),
          attr('gen_ai.usage.input_tokens', e.tokens ?? 1000),
          attr('gen_ai.usage.output_tokens', 100),
          attr('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: e.answer ?? 'Happy to help.' }] }])),
        ],
      },
    ],
  };
}

async function send(key: string, executions: Exec[]): Promise<string[]> {
  const built = executions.map(executionSpans);
  const body = JSON.stringify({
    resourceSpans: [{ resource: { attributes: [attr('service.name', 'api-test')] }, scopeSpans: [{ scope: { name: 'test' }, spans: built.flatMap((b) => b.spans) }] }],
  });
  const response = await fetch(vigil.otlpHttp, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body });
  expect(response.status).toBe(200);
  await vigil.flush();
  return built.map((b) => b.traceId);
}

function api(path: string, init: { key?: string | null; method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  const key = init.key === undefined ? vigil.key : init.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return vigil.vigil.api!.request(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

async function json<T = any>(response: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await response;
  const body = await r.json();
  expect(r.status, JSON.stringify(body)).toBe(status);
  return body as T;
}

let ids: { fast: string; slow: string; failing: string; escalated: string; chat1: string; chat2: string; old: string; xss: string };
let otherTrace: string;

beforeAll(async () => {
  vigil = await startTestVigil();
  await json(api('/api/projects', { key: TEST_ADMIN_TOKEN, method: 'POST', body: { id: 'other', name: 'Other' } }), 201);
  otherKey = (await json(api('/api/projects/other/keys', { key: TEST_ADMIN_TOKEN, method: 'POST', body: { scope: 'admin', label: 'test' } }), 201)).key;
  readKey = (await json(api('/api/projects/default/keys', { key: TEST_ADMIN_TOKEN, method: 'POST', body: { scope: 'read' } }), 201)).key;
  const [fast, slow, failing, escalated, chat1, chat2, old, xss] = await send(vigil.key, [
    { agent: 'support-bot', model: 'gpt-4o-mini', startAgoMs: 60_000, durationMs: 800, outcome: 'resolved', tenant: 'acme' },
    { agent: 'support-bot', model: 'gpt-4o', startAgoMs: 120_000, durationMs: 9_000, outcome: 'resolved', tokens: 50_000 },
    { agent: 'triage', model: 'gpt-4o-mini', startAgoMs: 180_000, durationMs: 2_000, error: true, outcome: 'failed' },
    { agent: 'support-bot', model: 'gpt-4o-mini', startAgoMs: 240_000, durationMs: 1_500, outcome: 'escalated', user: 'u-9' },
    { agent: 'support-bot', model: 'gpt-4o-mini', startAgoMs: 300_000, durationMs: 1_000, session: 'conv-1', answer: 'Your refund is on its way' },
    { agent: 'support-bot', model: 'gpt-4o-mini', startAgoMs: 290_000, durationMs: 1_000, session: 'conv-1' },
    { agent: 'triage', model: 'gpt-4o-mini', startAgoMs: 3 * 86_400_000, durationMs: 1_000 },
    { agent: 'support-bot', model: 'gpt-4o-mini', startAgoMs: 30_000, durationMs: 500, answer: '<img src=x onerror=alert(1)>' },
  ]);
  ids = { fast: fast!, slow: slow!, failing: failing!, escalated: escalated!, chat1: chat1!, chat2: chat2!, old: old!, xss: xss! };
  [otherTrace] = (await send(otherKey, [{ agent: 'other-bot', model: 'gpt-4o', startAgoMs: 10_000, durationMs: 100 }])) as [string];
});
afterAll(async () => {
  await vigil?.close();
});

const traceIds = (page: { executions: { traceId: string }[] }) => page.executions.map((e) => e.traceId);

describe('authentication and scopes', () => {
  it('refuses missing, malformed, unknown and ingest-only credentials with a reason', async () => {
    expect((await json(api('/api/traces', { key: null }), 401)).error).toMatch(/missing API key/);
    expect((await json(api('/api/traces', { key: null, headers: { authorization: vigil.key } }), 401)).error).toMatch(/"Bearer " prefix is missing/);
    expect((await json(api('/api/traces', { key: 'vgl_nope_nope_nope_nope' }), 401)).error).toMatch(/unknown or revoked/);
    const ingest = (await json(api('/api/projects/default/keys', { method: 'POST', body: { scope: 'ingest' } }), 201)).key;
    expect((await json(api('/api/traces', { key: ingest }), 403)).error).toMatch(/scope "ingest"/);
    expect((await json(api('/api/projects', { key: readKey }), 403)).error).toMatch(/scope "read"/);
    expect((await json(api('/api/projects', { key: readKey, method: 'POST', body: { id: 'x' } }), 403)).error).toMatch(/scope "read"/);
    expect((await json(api('/api/projects', { method: 'POST', body: { id: 'x' } }), 403)).error).toMatch(/only the admin token/);
  });

  it('a read key reads; a revoked key stops working at once, for reading and for sending', async () => {
    const created = await json(api('/api/projects/default/keys', { method: 'POST', body: { scope: 'admin', label: 'short-lived' } }), 201);
    expect((await api('/api/traces', { key: readKey })).status).toBe(200);
    expect((await api('/api/traces', { key: created.key })).status).toBe(200);
    const keys = await json(api('/api/projects/default/keys'));
    expect(JSON.stringify(keys)).not.toContain(created.key);
    expect((await api(`/api/projects/default/keys/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api('/api/traces', { key: created.key })).status).toBe(401);
    const sent = await fetch(vigil.otlpHttp, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${created.key}` }, body: '{}' });
    expect(sent.status).toBe(401);
    const listed = (await json(api('/api/projects/default/keys'))).keys.find((k: { id: string }) => k.id === created.id);
    expect(listed).toMatchObject({ revoked: true, scope: 'admin', label: 'short-lived' });
  });

  it('signs in with a read key into an HttpOnly SameSite=Strict cookie, never with an ingest key', async () => {
    const response = await api('/api/session', { key: null, method: 'POST', body: { key: readKey } });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/vigil_session=v1\./);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(readKey);
    const session = cookie.split(';')[0]!;
    expect((await json(api('/api/whoami', { key: null, headers: { cookie: session } }))).projectId).toBe('default');
    const ingest = (await json(api('/api/projects/default/keys', { method: 'POST', body: { scope: 'ingest' } }), 201)).key;
    expect((await api('/api/session', { key: null, method: 'POST', body: { key: ingest } })).status).toBe(403);
    expect((await api('/api/session', { key: null, method: 'POST', body: { key: 'wrong' } })).status).toBe(401);
  });

  it('the admin token sees every project and chooses one with X-Vigil-Project', async () => {
    const who = await json(api('/api/whoami', { key: TEST_ADMIN_TOKEN }));
    expect(who.instanceAdmin).toBe(true);
    expect(who.otlpHttpPort).toBe(Number(new URL(vigil.otlpHttp).port));
    expect(who.projects.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(['default', 'other']));
    expect(traceIds(await json(api('/api/traces', { key: TEST_ADMIN_TOKEN, headers: { 'x-vigil-project': 'other' } })))).toEqual([otherTrace]);
    expect((await api('/api/traces', { key: TEST_ADMIN_TOKEN, headers: { 'x-vigil-project': 'nope' } })).status).toBe(404);
    expect((await api('/api/traces', { headers: { 'x-vigil-project': 'other' } })).status).toBe(403);
    const ingestWithToken = await fetch(vigil.otlpHttp, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, body: '{}' });
    expect(ingestWithToken.status).toBe(403);
  });
});

describe('project isolation', () => {
  it('a key of one project never sees another project\'s traces', async () => {
    expect((await api(`/api/traces/${otherTrace}`)).status).toBe(404);
    expect((await api(`/api/traces/${ids.fast}`, { key: otherKey })).status).toBe(404);
    expect(traceIds(await json(api('/api/traces', { key: otherKey })))).toEqual([otherTrace]);
    expect(traceIds(await json(api('/api/traces')))).not.toContain(otherTrace);
    expect((await api('/api/sessions/conv-1', { key: otherKey })).status).toBe(404);
    expect((await json(api('/api/facets', { key: otherKey }))).agents.map((a: { value: string }) => a.value)).toEqual(['other-bot']);
    expect((await api('/api/projects/default/keys', { key: otherKey })).status).toBe(404);
  });
});

describe('trace search', () => {
  it('lists the last 24 hours newest first with a total, and pages with a cursor', async () => {
    const all = await json(api('/api/traces'));
    expect(all.total).toBe(7);
    expect(traceIds(all)).not.toContain(ids.old);
    expect(traceIds(all)[0]).toBe(ids.xss);
    const first = await json(api('/api/traces?limit=3'));
    const second = await json(api(`/api/traces?limit=3&cursor=${first.nextCursor}`));
    const third = await json(api(`/api/traces?limit=3&cursor=${second.nextCursor}`));
    expect([...traceIds(first), ...traceIds(second), ...traceIds(third)]).toEqual(traceIds(all));
    expect(third.nextCursor).toBeNull();
    expect(first.total).toBe(7);
  });

  it('filters by agent, model, status, outcome, duration, cost, session, user, text and attribute', async () => {
    const ids_ = async (query: string) => traceIds(await json(api(`/api/traces?${query}`))).sort();
    expect(await ids_('agent=triage')).toEqual([ids.failing]);
    expect(await ids_('model=gpt-4o')).toEqual([ids.slow]);
    expect(await ids_('status=error')).toEqual([ids.failing]);
    expect((await ids_('status=ok')).length).toBe(6);
    expect(await ids_('outcome=escalated')).toEqual([ids.escalated]);
    expect(await ids_('minDurationMs=5000')).toEqual([ids.slow]);
    expect(await ids_('maxDurationMs=600')).toEqual([ids.xss]);
    expect(await ids_('minCostUsd=0.05')).toEqual([ids.slow]);
    expect(await ids_('session=conv-1')).toEqual([ids.chat1, ids.chat2].sort());
    expect(await ids_('user=u-9')).toEqual([ids.escalated]);
    expect(await ids_('q=REFUND')).toEqual([ids.chat1]);
    expect(await ids_('attr=custom.tenant%3Dacme')).toEqual([ids.fast]);
    expect(await ids_('from=7d')).toContain(ids.old);
  });

  it('sorts by duration and by cost', async () => {
    expect(traceIds(await json(api('/api/traces?sort=duration&limit=1')))).toEqual([ids.slow]);
    expect(traceIds(await json(api('/api/traces?sort=duration&order=asc&limit=1')))).toEqual([ids.xss]);
    const byCost = await json(api('/api/traces?sort=cost&limit=2'));
    expect(traceIds(byCost)[0]).toBe(ids.slow);
    const next = await json(api(`/api/traces?sort=cost&limit=10&cursor=${byCost.nextCursor}`));
    expect(new Set([...traceIds(byCost), ...traceIds(next)]).size).toBe(7);
  });

  it('answers every bad parameter with a 400 that names it', async () => {
    const bad: [string, RegExp][] = [
      ['from=yesterday', /^from: /],
      ['to=later', /^to: /],
      ['from=1h&to=2h', /from must be before to/],
      ['status=broken', /^status: /],
      ['outcome=happy', /^outcome: /],
      ['minDurationMs=-1', /^minDurationMs: /],
      ['minCostUsd=abc', /^minCostUsd: /],
      ['sort=name', /^sort: /],
      ['order=up', /^order: /],
      ['limit=0', /^limit: /],
      ['limit=100000', /^limit: /],
      ['cursor=garbage', /^cursor: /],
      ['attr=novalue', /^attr: /],
    ];
    for (const [query, message] of bad) expect((await json(api(`/api/traces?${query}`), 400)).error, query).toMatch(message);
    const timeCursor = (await json(api('/api/traces?limit=1'))).nextCursor;
    expect((await json(api(`/api/traces?sort=cost&cursor=${timeCursor}`), 400)).error).toMatch(/^cursor: /);
    expect((await json(api('/api/traces/not-a-trace-id'), 400)).error).toMatch(/^traceId: /);
    expect((await json(api('/api/metrics/latency?groupBy=tool'), 400)).error).toMatch(/^groupBy: /);
    expect((await json(api('/api/metrics/latency?bucketSeconds=7'), 400)).error).toMatch(/^bucketSeconds: /);
    expect((await json(api('/api/facets?from=nope'), 400)).error).toMatch(/^from: /);
    expect((await json(api('/api/projects', { key: TEST_ADMIN_TOKEN, method: 'POST', body: { id: 'Bad Name' } }), 400)).error).toMatch(/^id: /);
    expect((await json(api('/api/projects/default/keys', { method: 'POST', body: { scope: 'root' } }), 400)).error).toMatch(/^scope: /);
  });
});

describe('trace, session, latency and facets', () => {
  it('returns a trace in camelCase with messages as arrays and nanosecond times kept', async () => {
    const trace = await json(api(`/api/traces/${ids.xss.toUpperCase()}`));
    expect(trace.execution).toMatchObject({ traceId: ids.xss, agentName: 'support-bot', spanCount: 2, models: ['gpt-4o-mini'] });
    const llm = trace.spans.find((s: { type: string }) => s.type === 'llm');
    expect(llm).toMatchObject({ model: 'gpt-4o-mini', tokens: { input: 1000, output: 100 }, costStatus: 'priced', outputMessages: [{ role: 'assistant', content: '<img src=x onerror=alert(1)>' }] });
    expect(llm.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(llm.startTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Object.keys(llm).every((k) => !k.includes('_'))).toBe(true);
    expect((await json(api(`/api/traces/${newTraceId()}`), 404)).error).toMatch(/no trace/);
  });

  it('serves a slim timeline of a trace and any one span in full', async () => {
    const full = await json(api(`/api/traces/${ids.fast}`));
    const timeline = await json(api(`/api/traces/${ids.fast}/timeline`));
    expect(timeline.execution).toEqual(full.execution);
    expect(timeline.spans.map((s: { spanId: string }) => s.spanId)).toEqual(full.spans.map((s: { spanId: string }) => s.spanId));
    const llm = timeline.spans.find((s: { type: string }) => s.type === 'llm');
    expect(llm).toMatchObject({ model: 'gpt-4o-mini', tokens: { input: 1000 }, costStatus: 'priced', toolName: '' });
    expect(llm).not.toHaveProperty('outputMessages');
    const one = await json(api(`/api/traces/${ids.fast}/spans/${llm.spanId}`));
    expect(one).toEqual(full.spans.find((s: { spanId: string }) => s.spanId === llm.spanId));
    expect((await api(`/api/traces/${ids.fast}/spans/0000000000000001`)).status).toBe(404);
    expect((await json(api(`/api/traces/${ids.fast}/spans/xyz`), 400)).error).toMatch(/^spanId: /);
    expect((await api(`/api/traces/${ids.fast}/timeline`, { key: otherKey })).status).toBe(404);
    expect((await api(`/api/traces/${ids.fast}/spans/${llm.spanId}`, { key: otherKey })).status).toBe(404);
  });

  it('lists a session\'s executions oldest first', async () => {
    const session = await json(api('/api/sessions/conv-1'));
    expect(traceIds(session)).toEqual([ids.chat1, ids.chat2]);
    expect(session.turns.map((t: { traceId: string }) => t.traceId)).toEqual([ids.chat1, ids.chat2]);
    expect((await api('/api/sessions/none')).status).toBe(404);
  });

  it('serves latency percentiles by agent and by model from the rollups', async () => {
    const byAgent = await json(api('/api/metrics/latency?from=1h'));
    expect(byAgent.bucketSeconds).toBe(60);
    const support = byAgent.points.filter((p: { group: string }) => p.group === 'support-bot');
    expect(support.reduce((n: number, p: { count: number }) => n + p.count, 0)).toBe(6);
    const slowest = Math.max(...support.map((p: { p99Ms: number }) => p.p99Ms));
    expect(slowest).toBeGreaterThan(8000);
    const byModel = await json(api('/api/metrics/latency?from=1h&groupBy=model'));
    expect(new Set(byModel.points.map((p: { group: string }) => p.group))).toEqual(new Set(['gpt-4o', 'gpt-4o-mini']));
    const errors = byModel.points.reduce((n: number, p: { errors: number }) => n + p.errors, 0);
    expect(errors).toBe(1);
  });

  it('offers facets for the filters', async () => {
    const facets = await json(api('/api/facets'));
    expect(facets.agents.map((a: { value: string }) => a.value).sort()).toEqual(['support-bot', 'triage']);
    expect(facets.models.map((a: { value: string }) => a.value).sort()).toEqual(['gpt-4o', 'gpt-4o-mini']);
    expect(facets.attributeKeys.map((a: { value: string }) => a.value)).toContain('custom.tenant');
  });
});

describe('the server around the API', () => {
  it('generates the OpenAPI document from the routes and serves a reference page', async () => {
    const doc = await json(api('/api/openapi.json', { key: null }));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/traces', '/api/traces/{traceId}', '/api/sessions/{sessionId}', '/api/metrics/latency', '/api/facets', '/api/projects/{projectId}/keys']));
    expect(doc.components.schemas.Span.properties.inputMessages.type).toBe('array');
    const page = await api('/api/docs/', { key: null });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui-bundle.js');
  });

  it('refuses an oversized body before reading it, and stays up', async () => {
    const big = await api('/api/session', { key: null, method: 'POST', body: { key: 'x'.repeat(200_000) } });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toMatch(/over 64 KiB/);
    expect((await api('/api/traces')).status).toBe(200);
  });

  it('tells an OTLP exporter pointed at the query port where to go', async () => {
    const wrong = await json(api('/v1/traces', { key: null, method: 'POST', body: {} }), 404);
    expect(wrong.error).toMatch(/OTLP\/HTTP port \d+/);
  });

  it('exports Prometheus metrics to an authenticated scraper', async () => {
    expect((await api('/metrics', { key: null })).status).toBe(401);
    const text = await (await api('/metrics', { key: readKey })).text();
    expect(text).toMatch(/vigil_spans_accepted_total \d+/);
    expect(text).toMatch(/vigil_ingest_buffer_spans \d+/);
    expect(text).toMatch(/vigil_http_requests_total\{route="\/api\/traces",method="GET",status="200"\}/);
    expect(text).toMatch(/vigil_insert_duration_seconds_bucket/);
  });

  it('sends a strict Content-Security-Policy with every page', async () => {
    const page = await api('/traces', { key: null });
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
