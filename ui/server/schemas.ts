// The query API's response and parameter shapes: one source for validation, the OpenAPI document
// and the UI's types (ui/app imports these types only). camelCase keys, numbers as numbers, times
// as ISO 8601 with the exact nanoseconds beside them where they matter.
import { z } from '@hono/zod-openapi';
import { EvaluationSchema } from './evaluation-schemas.ts';

export const SPAN_TYPE_VALUES = ['agent', 'llm', 'tool', 'retriever', 'embedding', 'chain', 'guardrail', 'other'] as const;
export const OUTCOME_VALUES = ['resolved', 'escalated', 'abandoned', 'failed', 'unknown'] as const;
export const SCOPE_VALUES = ['ingest', 'read', 'admin'] as const;

export const ErrorSchema = z.object({ error: z.string().openapi({ example: 'from: not an ISO 8601 time or relative duration (e.g. 2026-12-01T10:00:00Z or 24h)' }) }).openapi('Error');

export const ExecutionSchema = z
  .object({
    traceId: z.string().openapi({ example: '4bf92f3577b34da6a3ce929d0e0e4736' }),
    name: z.string().openapi({ description: 'Name of the root span' }),
    serviceName: z.string(),
    agentName: z.string(),
    sessionId: z.string(),
    userId: z.string(),
    outcome: z.enum(OUTCOME_VALUES),
    status: z.enum(['ok', 'error']).openapi({ description: '"error" when any span of the execution has an error status' }),
    startTime: z.string().openapi({ description: 'ISO 8601, millisecond precision', example: '2026-12-01T10:00:00.123Z' }),
    startTimeUnixNano: z.string().openapi({ description: 'Exact start, nanoseconds since the epoch, as a decimal string' }),
    endTimeUnixNano: z.string().openapi({ description: 'End of the last span, nanoseconds since the epoch, as a decimal string' }),
    durationMs: z.number(),
    spanCount: z.number().int(),
    errorCount: z.number().int(),
    llmCalls: z.number().int(),
    toolCalls: z.number().int(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    costUsd: z.number(),
    unpricedSpans: z.number().int().openapi({ description: 'Spans whose cost is unknown (tokens of a model with no known price, or an LLM call that reported no token counts): costUsd is then a lower bound' }),
    models: z.array(z.string()),
  })
  .openapi('Execution');

export const TracePageSchema = z
  .object({
    executions: z.array(ExecutionSchema),
    total: z.number().int().openapi({ description: 'Executions matching the filters in the whole time range' }),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last page' }),
  })
  .openapi('TracePage');

const ToolCallSchema = z.object({ id: z.string().optional(), name: z.string(), arguments: z.string().openapi({ description: 'JSON text as the model produced it' }) }).openapi('ToolCall');
export const MessageSchema = z
  .object({
    role: z.string(),
    content: z.string(),
    toolCalls: z.array(ToolCallSchema).optional(),
    toolCallId: z.string().optional().openapi({ description: 'On a tool result: the id of the tool call it answers' }),
  })
  .openapi('Message');
const DocumentSchema = z.object({ content: z.string(), id: z.string().optional(), score: z.number().optional() }).openapi('RetrievedDocument');
const EventSchema = z
  .object({ name: z.string(), time: z.string(), timeUnixNano: z.string(), attributes: z.record(z.string(), z.unknown()) })
  .openapi('SpanEvent');
const ExceptionSchema = z.object({ type: z.string(), message: z.string(), stacktrace: z.string() }).openapi('SpanException');
const LinkSchema = z.object({ traceId: z.string(), spanId: z.string(), attributes: z.record(z.string(), z.unknown()) }).openapi('SpanLink');

export const SpanSchema = z
  .object({
    traceId: z.string(),
    spanId: z.string(),
    parentSpanId: z.string().openapi({ description: 'Empty for the root span' }),
    name: z.string(),
    kind: z.string(),
    type: z.enum(SPAN_TYPE_VALUES),
    serviceName: z.string(),
    agentName: z.string(),
    operation: z.string(),
    provider: z.string(),
    model: z.string(),
    startTime: z.string(),
    startTimeUnixNano: z.string(),
    endTimeUnixNano: z.string(),
    durationMs: z.number(),
    status: z.object({ code: z.enum(['unset', 'ok', 'error']), message: z.string() }),
    tokens: z.object({ input: z.number().int(), output: z.number().int(), cached: z.number().int(), reasoning: z.number().int() }),
    costUsd: z.number(),
    costStatus: z.enum(['priced', 'reported', 'unpriced', 'usage_unknown', 'none']).openapi({ description: 'usage_unknown: an LLM call that reported no token counts, so its cost is unknown' }),
    sessionId: z.string(),
    userId: z.string(),
    outcome: z.string(),
    input: z.string().openapi({ description: 'What went in as readable text (tool arguments, query); empty when inputMessages hold it' }),
    output: z.string().openapi({ description: 'What came out as readable text (tool result, answer); empty when outputMessages hold it' }),
    inputMessages: z.array(MessageSchema),
    outputMessages: z.array(MessageSchema),
    tool: z.object({ name: z.string(), callId: z.string() }).nullable(),
    documents: z.array(DocumentSchema),
    attributes: z.record(z.string(), z.string()),
    resourceAttributes: z.record(z.string(), z.string()),
    scope: z.object({ name: z.string(), version: z.string() }),
    events: z.array(EventSchema),
    exceptions: z.array(ExceptionSchema),
    links: z.array(LinkSchema),
    evaluations: z.array(EvaluationSchema).optional().openapi({ description: 'Judgements about this span (in full traces and single-span reads)' }),
  })
  .openapi('Span');

const traceEvaluations = z.array(EvaluationSchema).openapi({ description: 'Every judgement about the trace: about one span (spanId) or the whole execution (spanId "")' });
export const TraceSchema = z.object({ execution: ExecutionSchema.nullable(), spans: z.array(SpanSchema), evaluations: traceEvaluations }).openapi('Trace');

export const TimelineSpanSchema = SpanSchema.pick({
  traceId: true, spanId: true, parentSpanId: true, name: true, kind: true, type: true, serviceName: true, agentName: true, operation: true,
  provider: true, model: true, startTime: true, startTimeUnixNano: true, endTimeUnixNano: true, durationMs: true, status: true, tokens: true,
  costUsd: true, costStatus: true,
})
  .extend({ toolName: z.string() })
  .openapi('TimelineSpan');
export const TraceTimelineSchema = z
  .object({ execution: ExecutionSchema.nullable(), spans: z.array(TimelineSpanSchema), evaluations: traceEvaluations })
  .openapi('TraceTimeline', { description: 'A trace without the text, messages, attributes and events of its spans: what a timeline draws' });
export const SessionTurnSchema = z
  .object({ traceId: z.string(), input: z.string().openapi({ description: 'The root span\'s input (the request), first 4,000 characters' }), output: z.string().openapi({ description: 'The root span\'s output (the answer), first 4,000 characters' }) })
  .openapi('SessionTurn');
export const SessionSchema = z.object({ sessionId: z.string(), executions: z.array(ExecutionSchema), turns: z.array(SessionTurnSchema) }).openapi('Session');

export const LatencyPointSchema = z
  .object({
    time: z.string().openapi({ description: 'Start of the bucket, ISO 8601' }),
    group: z.string(),
    count: z.number().int().openapi({ description: 'Spans in the bucket (agent spans when grouped by agent, LLM calls when grouped by model)' }),
    executions: z.number().int(),
    errors: z.number().int(),
    errorRate: z.number(),
    throughputPerMin: z.number(),
    p50Ms: z.number(),
    p95Ms: z.number(),
    p99Ms: z.number(),
  })
  .openapi('LatencyPoint');
export const LatencySeriesSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    bucketSeconds: z.number().int(),
    groupBy: z.enum(['agent', 'model']),
    points: z.array(LatencyPointSchema).openapi({ description: 'Only buckets with data: a missing bucket is a gap, not zero' }),
  })
  .openapi('LatencySeries');

export const FacetsSchema = z
  .object({
    agents: z.array(z.object({ value: z.string(), count: z.number().int() })),
    models: z.array(z.object({ value: z.string(), count: z.number().int() })),
    services: z.array(z.object({ value: z.string(), count: z.number().int() })),
    attributeKeys: z.array(z.object({ value: z.string(), count: z.number().int() })),
  })
  .openapi('Facets');

export const ProjectSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string() }).openapi('Project');
export const KeySchema = z
  .object({
    id: z.string().openapi({ description: 'First 12 hex characters of the key\'s SHA-256: names the key without revealing it' }),
    projectId: z.string(),
    scope: z.enum(SCOPE_VALUES),
    label: z.string(),
    createdAt: z.string(),
    revoked: z.boolean(),
  })
  .openapi('ApiKey');
export const CreatedKeySchema = KeySchema.extend({ key: z.string().openapi({ description: 'The key itself: shown only in this response' }) }).openapi('CreatedApiKey');
export const WhoAmISchema = z
  .object({
    projectId: z.string().openapi({ description: 'The project this request reads' }),
    scope: z.enum(SCOPE_VALUES),
    instanceAdmin: z.boolean().openapi({ description: 'Signed in with the admin token: may switch project' }),
    projects: z.array(ProjectSchema).openapi({ description: 'Projects this credential may open' }),
    otlpHttpPort: z.number().int().nullable().openapi({ description: 'Port of this Vigil\'s OTLP/HTTP receiver, for "send traces here" hints' }),
  })
  .openapi('WhoAmI');

export type Execution = z.infer<typeof ExecutionSchema>;
export type TracePage = z.infer<typeof TracePageSchema>;
export type Span = z.infer<typeof SpanSchema>;
export type Message = z.infer<typeof MessageSchema>;
export type Trace = z.infer<typeof TraceSchema>;
export type TimelineSpan = z.infer<typeof TimelineSpanSchema>;
export type TraceTimeline = z.infer<typeof TraceTimelineSchema>;
export type Session = z.infer<typeof SessionSchema>;
export type SessionTurn = z.infer<typeof SessionTurnSchema>;
export type LatencyPoint = z.infer<typeof LatencyPointSchema>;
export type LatencySeries = z.infer<typeof LatencySeriesSchema>;
export type Facets = z.infer<typeof FacetsSchema>;
export type Project = z.infer<typeof ProjectSchema>;
export type ApiKey = z.infer<typeof KeySchema>;
export type CreatedApiKey = z.infer<typeof CreatedKeySchema>;
export type WhoAmI = z.infer<typeof WhoAmISchema>;
