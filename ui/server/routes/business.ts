// The executive view: business KPIs and cost (JSON or CSV), people's outcome decisions, end-user
// feedback. Deciding an outcome needs admin scope; feedback comes from a product's backend with an
// ingest key.
import { randomUUID } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { Context } from 'hono';
import { existingFeedback, insertDecision, insertFeedback, readCurrentFacts, readDecisions } from '../../../core/business/repository.ts';
import { businessReport, costReport } from '../../../core/business/report.ts';
import { queryRows } from '../../../core/clickhouse/query.ts';
import { OUTCOMES } from '../../../core/policy/business.ts';
import { BusinessMetricsSchema, CostMetricsSchema, OutcomeSchema } from '../business-schemas.ts';
import { ErrorSchema } from '../schemas.ts';
import type { ApiEnv, RouteDeps } from './env.ts';
import { errors, json, RangeQuery, requireRange, secured } from './openapi.ts';

const TraceId = z.object({ traceId: z.string().regex(/^[0-9a-fA-F]{32}$/, 'a trace id is 32 hexadecimal characters') });

const Query = z.object({
  ...RangeQuery,
  agent: z.string().min(1).max(1000).optional(),
  interval: z.enum(['day', 'week']).default('day'),
  format: z.enum(['json', 'csv']).default('json').openapi({ description: 'csv: one row per bucket (business) or per bucket, agent and model (cost)' }),
});

const business = createRoute({
  method: 'get',
  path: '/api/metrics/business',
  summary: 'Business KPIs of a period and of the period before it: volume, outcomes, cost, satisfaction, SLA, value and ROI',
  description: 'Periods are whole UTC days. Rates of outcomes are over executions with a known outcome. Definitions: README, "The executive view".',
  ...secured,
  request: { query: Query },
  responses: { 200: { ...json(BusinessMetricsSchema, 'The KPIs'), content: { 'application/json': { schema: BusinessMetricsSchema }, 'text/csv': { schema: z.string() } } }, ...errors },
});

const cost = createRoute({
  method: 'get',
  path: '/api/metrics/cost',
  summary: 'Cost, LLM calls and tokens per day or week, agent and model',
  ...secured,
  request: { query: Query },
  responses: { 200: { ...json(CostMetricsSchema, 'The cost'), content: { 'application/json': { schema: CostMetricsSchema }, 'text/csv': { schema: z.string() } } }, ...errors },
});

const decide = createRoute({
  method: 'post',
  path: '/api/executions/{traceId}/outcome',
  summary: "Record a person's decision about an execution's outcome (admin key or admin token)",
  description: 'A decision wins over the vigil.outcome attribute and the policy\'s rules. Every decision is kept; the latest counts. The KPIs reflect it within a few seconds.',
  ...secured,
  request: {
    params: TraceId,
    body: {
      content: {
        'application/json': {
          schema: z.object({
            outcome: z.enum(OUTCOMES),
            note: z.string().max(2000).default(''),
            correctedOutput: z.string().max(50_000).default('').openapi({ description: 'What the agent should have answered; dataset exports put it into the test case (vars.expected)' }),
            by: z.string().max(200).optional().openapi({ description: 'Who decided (shown in the history); default: the key' }),
          }),
        },
      },
    },
  },
  responses: { 202: json(OutcomeSchema, 'Recorded; `outcome` is the decision'), 404: json(ErrorSchema, 'No such execution in this project'), ...errors },
});

const getOutcome = createRoute({
  method: 'get',
  path: '/api/executions/{traceId}/outcome',
  summary: "An execution's outcome, where it came from, and every decision about it",
  ...secured,
  request: { params: TraceId },
  responses: { 200: json(OutcomeSchema, 'The outcome'), 404: json(ErrorSchema, 'No such execution in this project'), ...errors },
});

const feedback = createRoute({
  method: 'post',
  path: '/api/feedback',
  summary: "End-user feedback on an execution: thumbs, a 1–5 score, a comment (ingest key: what a product's backend sends)",
  ...secured,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z
            .object({
              traceId: z.string().regex(/^[0-9a-fA-F]{32}$/, 'traceId is the execution\'s 32-hex-digit trace id'),
              thumbs: z.enum(['up', 'down']).optional(),
              score: z.number().int().min(1).max(5).optional(),
              comment: z.string().max(2000).default(''),
              userId: z.string().max(200).default(''),
              id: z.string().min(1).max(100).optional().openapi({ description: 'Your id for this feedback: sending it again counts it once' }),
            })
            .refine((f) => f.thumbs !== undefined || f.score !== undefined, { message: 'give thumbs ("up" or "down") or a score (1–5)' }),
        },
      },
    },
  },
  responses: {
    202: json(z.object({ id: z.string(), duplicate: z.boolean() }).openapi('FeedbackReceipt'), 'Recorded (or recorded before, with this id)'),
    404: json(ErrorSchema, 'No such execution stored yet'),
    ...errors,
  },
});

function csv(rows: readonly object[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]!);
  // Quote what needs it; a leading = + - @ is prefixed so spreadsheets do not run it as a formula.
  const cell = (value: unknown) => {
    let text = value === null || value === undefined ? '' : String(value);
    if (/^[=+\-@]/.test(text) && Number.isNaN(Number(text))) text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c])).join(','))].join('\n') + '\n';
}

function csvResponse(c: Context, name: string, rows: readonly object[]): Response {
  return c.body(csv(rows), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` });
}

/** The execution's start and agent as stored: its facts once judged, else its spans' summary. */
async function findExecution(deps: RouteDeps, projectId: string, traceId: string): Promise<{ startNs: string; agent: string } | undefined> {
  const facts = (await readCurrentFacts(deps.client, projectId, [traceId])).get(traceId);
  if (facts) return { startNs: facts.start_time, agent: facts.agent_name };
  const [row] = await queryRows<{ start_ns: string; agent: string }>(
    deps.client,
    `SELECT toString(toUnixTimestamp64Nano(min(start_time))) AS start_ns, if(max(agent_name) != '', max(agent_name), max(service_name)) AS agent
     FROM executions WHERE project_id = {project: String} AND trace_id = {trace: String} HAVING count() > 0`,
    { project: projectId, trace: traceId },
  );
  return row ? { startNs: row.start_ns, agent: row.agent } : undefined;
}

export function registerBusinessRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  const value = () => deps.evaluation.policy.current().document.value;

  app.openapi(business, async (c) => {
    const q = c.req.valid('query');
    const report = await businessReport(deps.client, c.get('principal').projectId, requireRange(q.from, q.to), q.interval, value(), q.agent);
    if (q.format === 'csv') return csvResponse(c, 'vigil-business', report.series) as never;
    return c.json({ ...report, policyHash: deps.evaluation.policy.current().hash }, 200);
  });

  app.openapi(cost, async (c) => {
    const q = c.req.valid('query');
    const report = await costReport(deps.client, c.get('principal').projectId, requireRange(q.from, q.to), q.interval, q.agent);
    if (q.format === 'csv') return csvResponse(c, 'vigil-cost', report.rows) as never;
    return c.json(report, 200);
  });

  async function outcomeView(projectId: string, traceId: string) {
    const [facts, decisions] = await Promise.all([readCurrentFacts(deps.client, projectId, [traceId]), readDecisions(deps.client, projectId, [traceId])]);
    const current = facts.get(traceId);
    const latest = decisions.at(-1);
    // A decision the evaluator has not applied yet is already the outcome.
    const decided = latest && (!current || current.outcome_source !== 'human' || current.outcome !== latest.outcome);
    return {
      traceId,
      outcome: (decided ? latest.outcome : (current?.outcome ?? 'unknown')) as (typeof OUTCOMES)[number],
      source: (decided ? 'human' : (current?.outcome_source ?? 'none')) as 'human' | 'attribute' | 'rule' | 'none',
      reason: decided ? `decided by ${latest.decidedBy}${latest.note ? `: ${latest.note}` : ''}` : (current?.outcome_reason ?? 'not judged yet'),
      history: decisions.map((d) => ({ outcome: d.outcome, source: 'human', reason: d.note, correctedOutput: d.correctedOutput, at: new Date(d.decidedAtMs).toISOString(), by: d.decidedBy })),
    };
  }

  app.openapi(decide, async (c) => {
    const principal = c.get('principal');
    if (principal.scope !== 'admin') throw new HTTPException(403, { message: 'deciding an outcome changes the KPIs: use a key with admin scope or the admin token' });
    const { traceId } = c.req.valid('param');
    const id = traceId.toLowerCase();
    if (!(await findExecution(deps, principal.projectId, id))) throw new HTTPException(404, { message: `no execution ${id} in this project` });
    const body = c.req.valid('json');
    await insertDecision(deps.writer, { projectId: principal.projectId, traceId: id, outcome: body.outcome, note: body.note, correctedOutput: body.correctedOutput, decidedBy: body.by ?? `key ${principal.keySha256.slice(0, 8)}`, decidedAtMs: Date.now() });
    return c.json(await outcomeView(principal.projectId, id), 202);
  });

  app.openapi(getOutcome, async (c) => {
    const { traceId } = c.req.valid('param');
    const id = traceId.toLowerCase();
    const projectId = c.get('principal').projectId;
    if (!(await findExecution(deps, projectId, id))) throw new HTTPException(404, { message: `no execution ${id} in this project` });
    return c.json(await outcomeView(projectId, id), 200);
  });

  app.openapi(feedback, async (c) => {
    const projectId = c.get('principal').projectId;
    const body = c.req.valid('json');
    const traceId = body.traceId.toLowerCase();
    const execution = await findExecution(deps, projectId, traceId);
    if (!execution) {
      c.header('retry-after', '5');
      return c.json({ error: `no execution ${traceId} stored in this project yet: feedback names a stored execution; if the agent has just answered, retry in a few seconds (spans are exported in batches)` }, 404);
    }
    const id = body.id ?? randomUUID();
    if (body.id !== undefined && (await existingFeedback(deps.client, projectId, [traceId], [id])).size > 0) return c.json({ id, duplicate: true }, 202);
    await insertFeedback(deps.writer, [
      {
        projectId,
        id,
        traceId,
        executionStartNs: execution.startNs,
        agent: execution.agent,
        source: 'api',
        thumbs: body.thumbs === 'up' ? 1 : body.thumbs === 'down' ? -1 : 0,
        score: body.score ?? 0,
        comment: body.comment,
        userId: body.userId,
        receivedAtMs: Date.now(),
      },
    ]);
    return c.json({ id, duplicate: false }, 202);
  });
}
