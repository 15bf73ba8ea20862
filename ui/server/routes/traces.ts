// Executions and traces: search, one trace with every span, one session's executions.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { getExecution, getSessionExecutions, type Execution } from '../../../core/executions/repository.ts';
import { searchExecutions, type Cursor, type ExecutionFilter } from '../../../core/executions/search.ts';
import { getTraceEvaluations } from '../../../core/evaluations/repository.ts';
import { getRootTexts, getSpan, getTraceSpans, getTraceTimeline, type TraceRange } from '../../../core/spans/repository.ts';
import { toSpanView, toTimelineSpanView } from '../../../core/spans/view.ts';
import { extractFacts } from '../../../evaluator/extract.ts';
import { readTraces } from '../../../evaluator/store.ts';
import { ErrorSchema, OUTCOME_VALUES, SessionSchema, SpanSchema, TracePageSchema, TraceSchema, TraceTimelineSchema } from '../schemas.ts';
import type { ApiEnv, RouteDeps } from './env.ts';
import { encodeCursor, errors, json, readCursor, requireRange, secured } from './openapi.ts';

const optionalText = z.string().min(1).max(1000).optional();
const repeated = z.union([z.string(), z.array(z.string())]).optional();

const SearchQuery = z.object({
  from: z.string().optional().openapi({ description: 'ISO 8601 or a duration back from now (15m, 1h, 24h, 7d). Default 24h' }),
  to: z.string().optional().openapi({ description: 'ISO 8601, "now" or a duration back from now. Default now' }),
  agent: optionalText,
  model: optionalText,
  status: z.enum(['ok', 'error']).optional(),
  outcome: z.enum(OUTCOME_VALUES).optional().openapi({ description: 'The decided outcome (a person, the root span, the policy\'s rules)' }),
  feedback: z.enum(['positive', 'negative', 'any']).optional().openapi({ description: 'Executions with end-user feedback: positive (thumbs up, score 4–5), negative (thumbs down, 1–2) or any' }),
  minDurationMs: z.coerce.number().nonnegative().optional(),
  maxDurationMs: z.coerce.number().nonnegative().optional(),
  minCostUsd: z.coerce.number().nonnegative().optional(),
  session: optionalText,
  user: optionalText,
  q: optionalText.openapi({ description: 'Case-insensitive text in any span\'s input, output or name' }),
  attr: repeated.openapi({ description: 'key=value, repeatable: an attribute (span or resource) of some span of the execution' }),
  sort: z.enum(['time', 'duration', 'cost']).default('time'),
  order: z.enum(['desc', 'asc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional().openapi({ description: 'nextCursor of the previous page (same filters and sort)' }),
});

const TRACE_ID = z.string().regex(/^[0-9a-fA-F]{32}$/, 'a trace id is 32 hexadecimal characters');

const search = createRoute({
  method: 'get',
  path: '/api/traces',
  summary: 'Search executions',
  description: 'Executions (one per trace, listed once the root span has arrived) matching every filter, newest first by default.',
  ...secured,
  request: { query: SearchQuery },
  responses: { 200: json(TracePageSchema, 'A page of executions'), ...errors },
});

const getTrace = createRoute({
  method: 'get',
  path: '/api/traces/{traceId}',
  summary: 'One execution and every span of its trace',
  ...secured,
  request: { params: z.object({ traceId: TRACE_ID }) },
  responses: { 200: json(TraceSchema, 'The trace'), 404: json(ErrorSchema, 'No such trace in this project'), ...errors },
});

const getTimeline = createRoute({
  method: 'get',
  path: '/api/traces/{traceId}/timeline',
  summary: 'One execution and its spans without their bulky content (fast for very large traces)',
  description: 'Timing, status, model, tokens and cost of every span; fetch one span\'s messages, attributes and events with /api/traces/{traceId}/spans/{spanId}.',
  ...secured,
  request: { params: z.object({ traceId: TRACE_ID }) },
  responses: { 200: json(TraceTimelineSchema, 'The trace\'s timeline'), 404: json(ErrorSchema, 'No such trace in this project'), ...errors },
});

const getOneSpan = createRoute({
  method: 'get',
  path: '/api/traces/{traceId}/spans/{spanId}',
  summary: 'One span with everything: messages, tool calls, documents, attributes, events',
  ...secured,
  request: { params: z.object({ traceId: TRACE_ID, spanId: z.string().regex(/^[0-9a-fA-F]{16}$/, 'a span id is 16 hexadecimal characters') }) },
  responses: { 200: json(SpanSchema, 'The span'), 404: json(ErrorSchema, 'No such span in this trace'), ...errors },
});

const FactsSchema = z
  .object({
    spanCount: z.number().openapi({ description: 'Spans stored so far; a trace still arriving grows' }),
    facts: z.record(z.string(), z.unknown()).openapi({ description: "What the guardrails read: request, answer, context passages, tool calls, tokens, cost, duration (the evaluator's ExecutionFacts)" }),
  })
  .openapi('ExecutionFacts');

const getFacts = createRoute({
  method: 'get',
  path: '/api/traces/{traceId}/facts',
  summary: "The execution as Vigil's checks read it (what `vigil suite run` checks a test case's trace with)",
  ...secured,
  request: { params: z.object({ traceId: TRACE_ID }) },
  responses: { 200: json(FactsSchema, 'The facts'), 404: json(ErrorSchema, 'No such trace in this project'), ...errors },
});

const getSession = createRoute({
  method: 'get',
  path: '/api/sessions/{sessionId}',
  summary: 'The executions of one conversation, oldest first',
  ...secured,
  request: { params: z.object({ sessionId: z.string().min(1).max(1000) }) },
  responses: { 200: json(SessionSchema, 'The session'), 404: json(ErrorSchema, 'No execution with this session id'), ...errors },
});

// chDB runs one statement at a time per connection, so the trace reads run in sequence: the
// execution first, whose time range then bounds the read of the spans.
const rangeOf = (e: Execution): TraceRange => ({ startNs: e.startTimeUnixNano, endNs: e.endTimeUnixNano });

function decodeCursor(text: string, sort: string, order: string): Cursor {
  const value = readCursor(text);
  if (value && typeof value.value === 'string' && /^-?[\d.e+-]+$/i.test(value.value) && typeof value.traceId === 'string' && value.sort === sort && value.order === order && Number.isSafeInteger(value.total)) {
    return { value: value.value, traceId: value.traceId, total: value.total as number };
  }
  throw new HTTPException(400, { message: 'cursor: not a cursor of this search; pass nextCursor from the previous page with the same sort and order' });
}

function parseAttributes(attr: string | string[] | undefined): { key: string; value: string }[] {
  const pairs = attr === undefined ? [] : Array.isArray(attr) ? attr : [attr];
  if (pairs.length > 10) throw new HTTPException(400, { message: 'attr: at most 10 attribute filters' });
  return pairs.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new HTTPException(400, { message: `attr: ${JSON.stringify(pair)} is not key=value` });
    return { key: pair.slice(0, at), value: pair.slice(at + 1) };
  });
}

export function registerTraceRoutes(app: OpenAPIHono<ApiEnv>, deps: RouteDeps): void {
  app.openapi(search, async (c) => {
    const query = c.req.valid('query');
    const range = requireRange(query.from, query.to);
    const filter: ExecutionFilter = {
      ...range,
      agent: query.agent,
      model: query.model,
      status: query.status,
      outcome: query.outcome,
      feedback: query.feedback,
      minDurationMs: query.minDurationMs,
      maxDurationMs: query.maxDurationMs,
      minCostUsd: query.minCostUsd,
      sessionId: query.session,
      userId: query.user,
      text: query.q,
      attributes: parseAttributes(query.attr),
    };
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.sort, query.order);
    const page = await searchExecutions(deps.client, c.get('principal').projectId, filter, { sort: query.sort, order: query.order, limit: query.limit, cursor });
    return c.json({ executions: page.executions, total: page.total, nextCursor: page.next ? encodeCursor({ ...page.next, sort: query.sort, order: query.order }) : null }, 200);
  });

  /** The execution, then its spans read within its time range; a 404 when there are none. */
  async function readTrace<Row>(projectId: string, traceId: string, readSpans: (range: TraceRange) => Promise<Row[]>) {
    const execution = await getExecution(deps.client, projectId, traceId);
    const spans = execution ? await readSpans(rangeOf(execution)) : [];
    if (!execution || spans.length === 0) throw new HTTPException(404, { message: `no trace ${traceId} in project "${projectId}" (spans can take a moment to arrive)` });
    return { execution, spans };
  }

  app.openapi(getTrace, async (c) => {
    const traceId = c.req.valid('param').traceId.toLowerCase();
    const projectId = c.get('principal').projectId;
    const { execution, spans } = await readTrace(projectId, traceId, (range) => getTraceSpans(deps.client, projectId, traceId, { dropRepeatedText: true, range }));
    const evaluations = await getTraceEvaluations(deps.client, projectId, traceId);
    const bySpan = Map.groupBy(evaluations, (e) => e.spanId);
    return c.json({ execution, spans: spans.map((span) => ({ ...toSpanView(span), evaluations: bySpan.get(span.span_id) ?? [] })), evaluations }, 200);
  });

  app.openapi(getTimeline, async (c) => {
    const traceId = c.req.valid('param').traceId.toLowerCase();
    const projectId = c.get('principal').projectId;
    const { execution, spans } = await readTrace(projectId, traceId, (range) => getTraceTimeline(deps.client, projectId, traceId, range));
    const evaluations = await getTraceEvaluations(deps.client, projectId, traceId);
    return c.json({ execution, spans: spans.map(toTimelineSpanView), evaluations }, 200);
  });

  app.openapi(getFacts, async (c) => {
    const traceId = c.req.valid('param').traceId.toLowerCase();
    const projectId = c.get('principal').projectId;
    const spans = (await readTraces(deps.client, projectId, [traceId])).get(traceId) ?? [];
    const facts = extractFacts(spans);
    if (!facts) throw new HTTPException(404, { message: `no trace ${traceId} in project "${projectId}" (spans can take a moment to arrive)` });
    return c.json({ spanCount: spans.length, facts: { ...facts } }, 200);
  });

  app.openapi(getOneSpan, async (c) => {
    const { traceId, spanId } = c.req.valid('param');
    const projectId = c.get('principal').projectId;
    const span = await getSpan(deps.client, projectId, traceId.toLowerCase(), spanId.toLowerCase());
    if (!span) throw new HTTPException(404, { message: `no span ${spanId} in trace ${traceId} of this project` });
    const evaluations = await getTraceEvaluations(deps.client, projectId, span.trace_id, span.span_id);
    return c.json({ ...toSpanView(span), evaluations }, 200);
  });

  app.openapi(getSession, async (c) => {
    const { sessionId } = c.req.valid('param');
    const executions = await getSessionExecutions(deps.client, c.get('principal').projectId, sessionId);
    if (executions.length === 0) throw new HTTPException(404, { message: `no execution with session id ${JSON.stringify(sessionId)} in this project` });
    const texts = await getRootTexts(deps.client, c.get('principal').projectId, executions);
    const turns = executions.map((e) => ({ traceId: e.traceId, input: texts.get(e.traceId)?.input ?? '', output: texts.get(e.traceId)?.output ?? '' }));
    return c.json({ sessionId, executions, turns }, 200);
  });
}
