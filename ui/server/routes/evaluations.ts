// Judgements: list and summary for the evaluations page, re-evaluation runs (`vigil evaluate`), and
// the policy in force.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { chooseBucketSeconds } from '../../../core/rollups/latency.ts';
import { listEvaluations, summarizeEvaluations, type EvaluationCursor } from '../../../core/evaluations/search.ts';
import { ErrorSchema } from '../schemas.ts';
import { CHECK_VALUES, EvaluationPageSchema, EvaluationRunSchema, EvaluationSummarySchema, PolicyViewSchema, SOURCE_VALUES } from '../evaluation-schemas.ts';
import { parseInstant } from '../time-range.ts';
import type { ApiEnv, RouteDeps } from './env.ts';
import { encodeCursor, errors, json, RangeQuery, readCursor, requireRange, secured } from './openapi.ts';

const EXECUTION_CHECKS = ['hallucination', 'pii', 'loop', 'cost_anomaly'] as const;

const Filters = {
  check: z.enum(CHECK_VALUES).optional(),
  agent: z.string().min(1).max(1000).optional(),
  source: z.enum(SOURCE_VALUES).optional(),
  label: z.string().min(1).max(200).optional(),
};

const list = createRoute({
  method: 'get',
  path: '/api/evaluations',
  summary: 'Judgements, newest first',
  description: 'Every judgement from guardrails, the LLM judge, suites, reviewers and SDKs whose time (the execution\'s start, or the end of the window judged) is in the range.',
  ...secured,
  request: {
    query: z.object({
      ...RangeQuery,
      ...Filters,
      flagged: z.enum(['true', 'false']).optional().openapi({ description: 'true: only judgements that flagged; false: only those that passed' }),
      traceId: z.string().regex(/^[0-9a-fA-F]{32}$/, 'a trace id is 32 hexadecimal characters').optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
      cursor: z.string().max(1000).optional().openapi({ description: 'nextCursor of the previous page (same filters)' }),
    }),
  },
  responses: { 200: json(EvaluationPageSchema, 'A page of judgements'), ...errors },
});

const summary = createRoute({
  method: 'get',
  path: '/api/evaluations/summary',
  summary: 'Judged and flagged per check and agent, flag counts over time, and how far behind the evaluator is',
  ...secured,
  request: { query: z.object({ ...RangeQuery, ...Filters }) },
  responses: { 200: json(EvaluationSummarySchema, 'The summary'), ...errors },
});

const startRun = createRoute({
  method: 'post',
  path: '/api/evaluations/runs',
  summary: 'Re-evaluate history under the policy in force (admin key or admin token)',
  description: 'Judges again every execution that started in the range (optionally one agent, one check), replacing earlier judgements. Poll the run for progress.',
  ...secured,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            since: z.string().min(1).openapi({ description: 'ISO 8601 or a duration back from now (e.g. 7d)' }),
            until: z.string().min(1).optional().openapi({ description: 'ISO 8601, "now" or a duration back from now. Default now' }),
            agent: z.string().min(1).max(1000).optional(),
            check: z.enum(EXECUTION_CHECKS).optional().openapi({ description: 'One check that judges executions; latency_drift and slo_burn judge windows of time going forward and are not re-evaluated' }),
          }),
        },
      },
    },
  },
  responses: { 202: json(EvaluationRunSchema, 'The run, started'), 503: json(ErrorSchema, 'This process does not judge'), ...errors },
});

const getRun = createRoute({
  method: 'get',
  path: '/api/evaluations/runs/{id}',
  summary: 'Progress of a re-evaluation run',
  ...secured,
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 200: json(EvaluationRunSchema, 'The run'), 404: json(ErrorSchema, 'No such run in this project (runs are kept for an hour after they finish)'), ...errors },
});

const policy = createRoute({
  method: 'get',
  path: '/api/policy',
  summary: 'The policy in force and its version hash',
  ...secured,
  responses: { 200: json(PolicyViewSchema, 'The policy'), ...errors },
});

function decodeCursor(text: string): EvaluationCursor {
  const v = readCursor(text);
  if (v && typeof v.timeNs === 'string' && /^\d+$/.test(v.timeNs) && [v.traceId, v.check, v.spanId, v.source].every((x) => typeof x === 'string')) {
    return v as unknown as EvaluationCursor;
  }
  throw new HTTPException(400, { message: 'cursor: not a cursor of this listing; pass nextCursor from the previous page' });
}

export function registerEvaluationRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    const filter = { ...requireRange(q.from, q.to), check: q.check, agent: q.agent, source: q.source, label: q.label, traceId: q.traceId?.toLowerCase(), flagged: q.flagged === undefined ? undefined : q.flagged === 'true' };
    const page = await listEvaluations(deps.client, c.get('principal').projectId, filter, q.limit, q.cursor === undefined ? undefined : decodeCursor(q.cursor));
    return c.json({ evaluations: page.evaluations, nextCursor: page.next ? encodeCursor(page.next) : null }, 200);
  });

  app.openapi(summary, async (c) => {
    const q = c.req.valid('query');
    const range = requireRange(q.from, q.to);
    const result = await summarizeEvaluations(deps.client, c.get('principal').projectId, { ...range, check: q.check, agent: q.agent, source: q.source, label: q.label }, chooseBucketSeconds((range.toMs - range.fromMs) / 1000));
    return c.json({ ...result, evaluator: deps.evaluation.health(), policyHash: deps.evaluation.policy.current().hash }, 200);
  });

  app.openapi(startRun, async (c) => {
    const principal = c.get('principal');
    if (principal.scope !== 'admin') throw new HTTPException(403, { message: 're-evaluation replaces stored judgements: use a key with admin scope or the admin token' });
    const runner = deps.evaluation.runner;
    if (!runner) throw new HTTPException(503, { message: 'this Vigil process does not judge executions (role ui without an evaluator); run `vigil evaluate` against a process with the evaluator role' });
    const body = c.req.valid('json');
    const nowMs = Date.now();
    const sinceMs = parseInstant(body.since, nowMs);
    if (sinceMs === undefined) throw new HTTPException(400, { message: `since: ${JSON.stringify(body.since)} is not an ISO 8601 time or a relative duration such as 24h or 7d` });
    const untilMs = body.until === undefined ? nowMs : parseInstant(body.until, nowMs);
    if (untilMs === undefined) throw new HTTPException(400, { message: `until: ${JSON.stringify(body.until)} is not an ISO 8601 time, "now" or a relative duration` });
    if (untilMs <= sinceMs) throw new HTTPException(400, { message: 'since must be before until' });
    const run = await runner.start(principal.projectId, { sinceMs, untilMs, agent: body.agent, check: body.check });
    return c.json(run, 202);
  });

  app.openapi(getRun, async (c) => {
    const run = deps.evaluation.runner?.get(c.get('principal').projectId, c.req.valid('param').id);
    if (!run) throw new HTTPException(404, { message: `no re-evaluation run ${c.req.valid('param').id} in this project (runs are kept for an hour after they finish)` });
    return c.json(run, 200);
  });

  app.openapi(policy, (c) => {
    const store = deps.evaluation.policy;
    const active = store.current();
    return c.json({ hash: active.hash, file: active.file ?? null, loadedAt: active.loadedAt, policy: active.document as Record<string, unknown>, text: active.text, rejected: [...store.rejected()] }, 200);
  });
}
