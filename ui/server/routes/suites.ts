// Regression suites: runs uploaded by `vigil suite run` (or any CI step that speaks this shape),
// listed per suite for the pass-rate trend, one run with its cases, and a run compared with a
// baseline (a run id, or the last run of the suite that passed every case).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { getRun, insertRun, lastPassingRun, listRuns } from '../../../core/suites/repository.ts';
import { compareRuns } from '../../../evaluator/suites/compare.ts';
import { ErrorSchema } from '../schemas.ts';
import type { ApiEnv, RouteDeps } from './env.ts';
import { errors, json, secured } from './openapi.ts';

const text = (max: number) => z.string().max(max);

export const SuiteRunInputSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'a run id is 1–100 letters, digits, _ . : or -'),
    suite: z.string().min(1).max(200),
    agent: text(200).default(''),
    agentVersion: text(200).default(''),
    gitCommit: text(64).default(''),
    startedAt: z.iso.datetime({ offset: true }),
    durationMs: z.number().nonnegative(),
    cases: z
      .array(
        z.object({
          caseId: z.string().min(1).max(500),
          description: text(2000).default(''),
          pass: z.boolean(),
          score: z.number(),
          assertions: z.array(z.object({ type: text(200), pass: z.boolean(), score: z.number(), reason: text(10_000).default('') })).max(100),
          latencyMs: z.number().nonnegative(),
          costUsd: z.number().nonnegative(),
          output: text(200_000).default(''),
          traceId: z.string().regex(/^([0-9a-f]{32})?$/, 'traceId is 32 lower-case hex digits, or empty').default(''),
          error: text(10_000).default(''),
          vars: z.record(z.string(), text(50_000)).default({}),
        }),
      )
      .max(10_000),
  })
  .openapi('SuiteRunInput');

const RunSummarySchema = z
  .object({
    id: z.string(),
    suite: z.string(),
    agent: z.string(),
    agentVersion: z.string(),
    gitCommit: z.string(),
    startedAt: z.string(),
    durationMs: z.number(),
    cases: z.number(),
    passed: z.number(),
    failed: z.number(),
    passRate: z.number(),
    costUsd: z.number(),
    latencyP50Ms: z.number(),
  })
  .openapi('SuiteRunSummary');

const upload = createRoute({
  method: 'post',
  path: '/api/suites/runs',
  summary: 'Store a suite run and its case results (ingest or admin key; what `vigil suite run` sends)',
  description: 'Sending a run again under the same id replaces it. Body up to 16 MiB.',
  ...secured,
  request: { body: { content: { 'application/json': { schema: SuiteRunInputSchema } }, required: true } },
  responses: { 201: json(RunSummarySchema, 'Stored'), ...errors },
});

const list = createRoute({
  method: 'get',
  path: '/api/suites',
  summary: 'Suites and their recent runs, newest first (the pass-rate trend per suite)',
  ...secured,
  request: { query: z.object({ suite: z.string().min(1).max(200).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }) },
  responses: { 200: json(z.object({ suites: z.array(z.object({ suite: z.string(), runs: z.array(RunSummarySchema) })) }).openapi('SuiteList'), 'Runs by suite'), ...errors },
});

const getOne = createRoute({
  method: 'get',
  path: '/api/suites/runs/{id}',
  summary: 'One run with every case result',
  ...secured,
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: { 200: json(z.record(z.string(), z.unknown()).openapi('SuiteRun'), 'The run'), 404: json(ErrorSchema, 'No such run in this project'), ...errors },
});

const compare = createRoute({
  method: 'get',
  path: '/api/suites/runs/{id}/compare',
  summary: 'A run against a baseline: newly failing and passing cases, score, pass-rate, latency and cost deltas, with a significance note',
  ...secured,
  request: {
    params: z.object({ id: z.string().min(1).max(100) }),
    query: z.object({
      baseline: z.string().min(1).max(100).default('last-passing').openapi({ description: 'A run id, or last-passing: the newest earlier run of the suite that passed every case' }),
      tolerance: z.coerce.number().int().min(0).default(0).openapi({ description: 'Newly failing cases allowed before the comparison counts as a regression' }),
    }),
  },
  responses: { 200: json(z.record(z.string(), z.unknown()).openapi('SuiteComparison'), 'The comparison'), 404: json(ErrorSchema, 'No such run, or no baseline'), ...errors },
});

export function registerSuiteRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(upload, async (c) => {
    const principal = c.get('principal');
    const run = c.req.valid('json');
    const ids = new Set<string>();
    for (const item of run.cases) {
      if (ids.has(item.caseId)) throw new HTTPException(400, { message: `cases: the case id ${JSON.stringify(item.caseId)} appears twice; case ids identify cases across runs` });
      ids.add(item.caseId);
    }
    return c.json(await insertRun(deps.writer, principal.projectId, run), 201);
  });

  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    const runs = await listRuns(deps.client, c.get('principal').projectId, { suite: q.suite, limit: q.limit });
    const bySuite = Map.groupBy(runs, (r) => r.suite);
    return c.json({ suites: [...bySuite].map(([suite, list]) => ({ suite, runs: list })) }, 200);
  });

  app.openapi(getOne, async (c) => {
    const run = await getRun(deps.client, c.get('principal').projectId, c.req.valid('param').id);
    if (!run) throw new HTTPException(404, { message: `no suite run ${c.req.valid('param').id} in this project; GET /api/suites lists them` });
    return c.json(run as unknown as Record<string, unknown>, 200);
  });

  app.openapi(compare, async (c) => {
    const projectId = c.get('principal').projectId;
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const run = await getRun(deps.client, projectId, id);
    if (!run) throw new HTTPException(404, { message: `no suite run ${id} in this project; GET /api/suites lists them` });
    let baselineId = q.baseline;
    if (baselineId === 'last-passing') {
      const found = await lastPassingRun(deps.client, projectId, run.suite, Date.parse(run.startedAt));
      if (!found) throw new HTTPException(404, { message: `no earlier run of suite "${run.suite}" passed every case: name a baseline run with ?baseline=<run id>` });
      baselineId = found.id;
    }
    const baseline = await getRun(deps.client, projectId, baselineId);
    if (!baseline) throw new HTTPException(404, { message: `no baseline run ${baselineId} in this project` });
    return c.json(compareRuns(run, baseline, { tolerance: q.tolerance }) as unknown as Record<string, unknown>, 200);
  });
}
