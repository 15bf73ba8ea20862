// Latency series and filter facets, from the per-minute rollups.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { chooseBucketSeconds, getLatencySeries, getRollupFacets } from '../../../core/rollups/latency.ts';
import { getAttributeKeys } from '../../../core/spans/repository.ts';
import { FacetsSchema, LatencySeriesSchema } from '../schemas.ts';
import type { ApiEnv, RouteDeps } from './env.ts';
import { errors, json, RangeQuery, requireRange, secured } from './openapi.ts';

const latency = createRoute({
  method: 'get',
  path: '/api/metrics/latency',
  summary: 'Latency percentiles, throughput and error rate over time',
  description: 'Grouped by agent: agent spans of each agent. Grouped by model: LLM calls on each model. From the per-minute rollups; buckets without data are absent (a gap, not zero).',
  ...secured,
  request: {
    query: z.object({
      ...RangeQuery,
      groupBy: z.enum(['agent', 'model']).default('agent'),
      bucketSeconds: z.coerce.number().int().min(60).max(7 * 86400).multipleOf(60).optional().openapi({ description: 'Bucket width, whole minutes. Default: at most 120 buckets over the range' }),
      agent: z.string().min(1).optional(),
      model: z.string().min(1).optional(),
    }),
  },
  responses: { 200: json(LatencySeriesSchema, 'The series'), ...errors },
});

const facets = createRoute({
  method: 'get',
  path: '/api/facets',
  summary: 'Values seen in a time range, for the filters',
  ...secured,
  request: { query: z.object(RangeQuery) },
  responses: { 200: json(FacetsSchema, 'Agents, models, services and attribute keys, most frequent first'), ...errors },
});

export function registerDashboardRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(latency, async (c) => {
    const query = c.req.valid('query');
    const { fromMs, toMs } = requireRange(query.from, query.to);
    const bucketSeconds = query.bucketSeconds ?? chooseBucketSeconds((toMs - fromMs) / 1000);
    if ((toMs - fromMs) / 1000 / bucketSeconds > 5000) throw new HTTPException(400, { message: `bucketSeconds: ${bucketSeconds} gives over 5000 buckets for this range; choose a wider bucket` });
    const points = await getLatencySeries(deps.client, c.get('principal').projectId, {
      fromSec: fromMs / 1000,
      toSec: toMs / 1000,
      bucketSeconds,
      groupBy: query.groupBy,
      agent: query.agent,
      model: query.model,
    });
    return c.json({ from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), bucketSeconds, groupBy: query.groupBy, points }, 200);
  });

  app.openapi(facets, async (c) => {
    const query = c.req.valid('query');
    const { fromMs, toMs } = requireRange(query.from, query.to);
    const projectId = c.get('principal').projectId;
    const [rollup, attributeKeys] = await Promise.all([getRollupFacets(deps.client, projectId, fromMs / 1000, toMs / 1000), getAttributeKeys(deps.client, projectId, fromMs, toMs)]);
    return c.json({ ...rollup, attributeKeys }, 200);
  });
}
