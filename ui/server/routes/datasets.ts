// Datasets: production executions that become regression test cases. Add executions to a named
// dataset (admin scope), list datasets, and export a dataset — or executions chosen ad hoc by
// agent, outcome, time range and the guardrails that flagged them — as a promptfoo tests file.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { Context } from 'hono';
import { readDecisions } from '../../../core/business/repository.ts';
import { queryRows } from '../../../core/clickhouse/query.ts';
import { searchExecutions } from '../../../core/executions/search.ts';
import { OUTCOMES } from '../../../core/policy/business.ts';
import { datasetYaml, type DatasetExecution } from '../../../core/suites/dataset.ts';
import { dateTime64FromMillis } from '../../../core/time.ts';
import { extractFacts } from '../../../evaluator/extract.ts';
import { readTraces } from '../../../evaluator/store.ts';
import { CHECK_VALUES } from '../evaluation-schemas.ts';
import { ErrorSchema } from '../schemas.ts';
import type { ApiEnv, RouteDeps } from './env.ts';
import { errors, json, RangeQuery, requireRange, secured } from './openapi.ts';

const DatasetName = z.object({ name: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'a dataset name is 1–100 letters, digits, _ . or -') });
const MAX_EXPORT = 1000;
const yamlResponse = { content: { 'application/yaml': { schema: z.string() } }, description: 'A promptfoo tests file (YAML)' };

const addItems = createRoute({
  method: 'post',
  path: '/api/datasets/{name}/items',
  summary: 'Add executions to a named dataset (admin key or admin token)',
  ...secured,
  request: {
    params: DatasetName,
    body: {
      content: {
        'application/json': {
          schema: z.object({ traceIds: z.array(z.string().regex(/^[0-9a-fA-F]{32}$/, 'trace ids are 32 hexadecimal characters')).min(1).max(MAX_EXPORT), note: z.string().max(2000).default('') }),
        },
      },
    },
  },
  responses: { 200: json(z.object({ dataset: z.string(), added: z.number(), items: z.number() }).openapi('DatasetAdded'), 'Added'), 404: json(ErrorSchema, 'An execution is not in this project'), ...errors },
});

const list = createRoute({
  method: 'get',
  path: '/api/datasets',
  summary: 'Named datasets and how many executions each holds',
  ...secured,
  responses: { 200: json(z.object({ datasets: z.array(z.object({ name: z.string(), items: z.number(), updatedAt: z.string() })) }).openapi('DatasetList'), 'Datasets'), ...errors },
});

const exportNamed = createRoute({
  method: 'get',
  path: '/api/datasets/{name}/export',
  summary: 'A named dataset as a promptfoo tests file',
  ...secured,
  request: { params: DatasetName },
  responses: { 200: yamlResponse, 404: json(ErrorSchema, 'No such dataset'), ...errors },
});

const exportChosen = createRoute({
  method: 'get',
  path: '/api/datasets/export',
  summary: 'Executions chosen by agent, outcome, time range or the guardrail that flagged them, as a promptfoo tests file',
  ...secured,
  request: {
    query: z.object({
      ...RangeQuery,
      agent: z.string().min(1).max(1000).optional(),
      outcome: z.enum(OUTCOMES).optional(),
      flagged: z.enum([...CHECK_VALUES, 'any']).optional().openapi({ description: 'Only executions this check flagged (any: any check)' }),
      limit: z.coerce.number().int().min(1).max(MAX_EXPORT).default(200),
    }),
  },
  responses: { 200: yamlResponse, ...errors },
});

/** The cases of these executions: request, context and answer from the trace; flags; a reviewer's note and correction. */
async function datasetExecutions(deps: RouteDeps, projectId: string, traceIds: readonly string[]): Promise<DatasetExecution[]> {
  if (traceIds.length === 0) return [];
  const [traces, flags, decisions] = await Promise.all([
    readTraces(deps.client, projectId, traceIds),
    queryRows<{ trace_id: string; check: string; explanation: string }>(
      deps.client,
      `SELECT trace_id, check, explanation FROM evaluations FINAL
       WHERE project_id = {project: String} AND trace_id IN {ids: Array(String)} AND NOT passed ORDER BY trace_id, check`,
      { project: projectId, ids: traceIds },
    ),
    readDecisions(deps.client, projectId, traceIds),
  ]);
  // The latest decision's note; the latest correction anyone gave.
  const notes = new Map(decisions.map((d) => [d.traceId, d.note]));
  const corrections = new Map(decisions.filter((d) => d.correctedOutput !== '').map((d) => [d.traceId, d.correctedOutput]));
  return traceIds.flatMap((traceId) => {
    const facts = extractFacts(traces.get(traceId) ?? []);
    if (!facts) return [];
    return [
      {
        traceId,
        agent: facts.agent,
        question: facts.question,
        context: facts.context.filter((p) => p.kind !== 'request').map((p) => p.text),
        output: facts.answer?.text ?? '',
        flags: flags.filter((f) => f.trace_id === traceId).map((f) => ({ check: f.check, explanation: f.explanation })),
        note: notes.get(traceId) ?? '',
        correctedOutput: corrections.get(traceId) ?? '',
      },
    ];
  });
}

function yamlBody(c: Context, name: string, executions: DatasetExecution[]): Response {
  return c.body(datasetYaml(name, executions, new Date()), 200, { 'content-type': 'application/yaml; charset=utf-8', 'content-disposition': `attachment; filename="${name}.yaml"` });
}

export function registerDatasetRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(list, async (c) => {
    const rows = await queryRows<{ dataset: string; items: string; updated_ms: string }>(
      deps.client,
      `SELECT dataset, count() AS items, toUnixTimestamp64Milli(max(added_at)) AS updated_ms FROM dataset_items FINAL
       WHERE project_id = {project: String} GROUP BY dataset ORDER BY dataset`,
      { project: c.get('principal').projectId },
    );
    return c.json({ datasets: rows.map((r) => ({ name: r.dataset, items: Number(r.items), updatedAt: new Date(Number(r.updated_ms)).toISOString() })) }, 200);
  });

  app.openapi(exportChosen, async (c) => {
    const projectId = c.get('principal').projectId;
    const q = c.req.valid('query');
    const range = requireRange(q.from, q.to);
    let ids: string[];
    if (q.flagged !== undefined) {
      const rows = await queryRows<{ trace_id: string }>(
        deps.client,
        `SELECT DISTINCT trace_id FROM evaluations FINAL
         WHERE project_id = {project: String} AND trace_id != '' AND NOT passed AND ({check: String} = 'any' OR check = {check: String})
           AND time >= {from: DateTime64(3)} AND time < {to: DateTime64(3)} AND ({agent: String} = '' OR agent_name = {agent: String})
         LIMIT {limit: UInt32}`,
        { project: projectId, check: q.flagged, from: dateTime64FromMillis(range.fromMs), to: dateTime64FromMillis(range.toMs), agent: q.agent ?? '', limit: q.limit },
      );
      ids = rows.map((r) => r.trace_id);
    } else {
      const page = await searchExecutions(deps.client, projectId, { ...range, agent: q.agent, outcome: q.outcome }, { sort: 'time', order: 'desc', limit: q.limit });
      ids = page.executions.map((e) => e.traceId);
    }
    return yamlBody(c, q.flagged ? `flagged-${q.flagged}` : 'executions', await datasetExecutions(deps, projectId, ids)) as never;
  });

  app.openapi(addItems, async (c) => {
    const principal = c.get('principal');
    if (principal.scope !== 'admin') throw new HTTPException(403, { message: 'datasets become test cases: use a key with admin scope or the admin token' });
    const { name } = c.req.valid('param');
    const body = c.req.valid('json');
    const ids = [...new Set(body.traceIds.map((id) => id.toLowerCase()))];
    const known = await queryRows<{ trace_id: string }>(
      deps.client,
      'SELECT DISTINCT trace_id FROM executions WHERE project_id = {project: String} AND trace_id IN {ids: Array(String)}',
      { project: principal.projectId, ids },
    );
    const found = new Set(known.map((r) => r.trace_id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw new HTTPException(404, { message: `not executions of this project: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}` });
    await deps.writer.insertJsonLines('dataset_items', ids.map((id) => JSON.stringify({ project_id: principal.projectId, dataset: name, trace_id: id, note: body.note })));
    const [count] = await queryRows<{ n: string }>(deps.client, 'SELECT count() AS n FROM dataset_items FINAL WHERE project_id = {project: String} AND dataset = {name: String}', { project: principal.projectId, name });
    return c.json({ dataset: name, added: ids.length, items: Number(count?.n ?? 0) }, 200);
  });

  app.openapi(exportNamed, async (c) => {
    const projectId = c.get('principal').projectId;
    const { name } = c.req.valid('param');
    const rows = await queryRows<{ trace_id: string }>(
      deps.client,
      'SELECT trace_id FROM dataset_items FINAL WHERE project_id = {project: String} AND dataset = {name: String} ORDER BY added_at, trace_id LIMIT {limit: UInt32}',
      { project: projectId, name, limit: MAX_EXPORT },
    );
    if (rows.length === 0) throw new HTTPException(404, { message: `no dataset "${name}" in this project; add executions with POST /api/datasets/${name}/items` });
    return yamlBody(c, name, await datasetExecutions(deps, projectId, rows.map((r) => r.trace_id))) as never;
  });
}
