// The API's shape of a stored span (camelCase, JSON arrays instead of JSON text, exceptions pulled
// out of events, retrieved documents with the ids and scores kept in attributes). Pure.
import { isoFromNanos } from '../time.ts';
import type { CostStatus, SpanType, StoredSpanRow } from './row.ts';
import type { TimelineSpanRow } from './repository.ts';

export interface ToolCallView {
  id?: string;
  name: string;
  arguments: string;
}
export interface MessageView {
  role: string;
  content: string;
  toolCalls?: ToolCallView[];
  /** On a tool result: the id of the call it answers. */
  toolCallId?: string;
}
export interface EventView {
  name: string;
  time: string;
  timeUnixNano: string;
  attributes: Record<string, unknown>;
}

/** What a timeline draws of a span: identity, timing, status, model, tokens and cost. */
export interface TimelineSpanView {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: string;
  type: SpanType;
  serviceName: string;
  agentName: string;
  operation: string;
  provider: string;
  model: string;
  startTime: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationMs: number;
  status: { code: 'unset' | 'ok' | 'error'; message: string };
  tokens: { input: number; output: number; cached: number; reasoning: number };
  costUsd: number;
  costStatus: CostStatus;
  toolName: string;
}

export function toTimelineSpanView(row: TimelineSpanRow): TimelineSpanView {
  return {
    traceId: row.trace_id,
    spanId: row.span_id,
    parentSpanId: row.parent_span_id,
    name: row.name,
    kind: row.kind,
    type: row.span_type,
    serviceName: row.service_name,
    agentName: row.agent_name,
    operation: row.operation,
    provider: row.provider,
    model: row.model,
    startTime: isoFromNanos(row.start_time),
    startTimeUnixNano: row.start_time,
    endTimeUnixNano: row.end_time,
    durationMs: row.duration_ns / 1e6,
    status: { code: row.status_code, message: row.status_message },
    tokens: { input: row.input_tokens, output: row.output_tokens, cached: row.cached_tokens, reasoning: row.reasoning_tokens },
    costUsd: row.cost_usd,
    costStatus: row.cost_status,
    toolName: row.tool_name,
  };
}

/** Everything about a span: the timeline's facts (less the tool name, in `tool`) and its content. */
export interface SpanView extends Omit<TimelineSpanView, 'toolName'> {
  sessionId: string;
  userId: string;
  outcome: string;
  input: string;
  output: string;
  inputMessages: MessageView[];
  outputMessages: MessageView[];
  tool: { name: string; callId: string } | null;
  documents: { content: string; id?: string; score?: number }[];
  attributes: Record<string, string>;
  resourceAttributes: Record<string, string>;
  scope: { name: string; version: string };
  events: EventView[];
  exceptions: { type: string; message: string; stacktrace: string }[];
  links: { traceId: string; spanId: string; attributes: Record<string, unknown> }[];
}

function parseArray(text: string): unknown[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});
const str = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value));

function messages(text: string): MessageView[] {
  return parseArray(text).map((m) => {
    const message = record(m);
    const calls = Array.isArray(message.tool_calls) ? message.tool_calls.map(record) : undefined;
    return {
      role: str(message.role),
      content: str(message.content),
      ...(calls && calls.length > 0 ? { toolCalls: calls.map((c) => ({ ...(c.id ? { id: str(c.id) } : {}), name: str(c.name), arguments: str(c.arguments) })) } : {}),
      ...(message.tool_call_id ? { toolCallId: str(message.tool_call_id) } : {}),
    };
  });
}

/** Retrieved documents, with id and score from the OpenInference attributes when present. */
function documents(row: StoredSpanRow): SpanView['documents'] {
  return row.documents.map((content, i) => {
    const prefix = `retrieval.documents.${i}.document.`;
    const id = row.attributes[`${prefix}id`];
    const score = Number(row.attributes[`${prefix}score`]);
    return { content, ...(id ? { id } : {}), ...(row.attributes[`${prefix}score`] !== undefined && Number.isFinite(score) ? { score } : {}) };
  });
}

export function toSpanView(row: StoredSpanRow): SpanView {
  const events = parseArray(row.events).map((e) => {
    const event = record(e);
    const nanos = str(event.time_unix_nano) || '0';
    return { name: str(event.name), time: isoFromNanos(nanos), timeUnixNano: nanos, attributes: record(event.attributes) };
  });
  const { toolName: _toolName, ...timeline } = toTimelineSpanView(row);
  return {
    ...timeline,
    sessionId: row.session_id,
    userId: row.user_id,
    outcome: row.outcome,
    input: row.input_text,
    output: row.output_text,
    inputMessages: messages(row.input_messages),
    outputMessages: messages(row.output_messages),
    tool: row.tool_name || row.tool_call_id ? { name: row.tool_name, callId: row.tool_call_id } : null,
    documents: documents(row),
    attributes: row.attributes,
    resourceAttributes: row.resource_attributes,
    scope: { name: row.scope_name, version: row.scope_version },
    events,
    // https://opentelemetry.io/docs/specs/semconv/exceptions/exceptions-spans/
    exceptions: events
      .filter((e) => e.name === 'exception')
      .map((e) => ({ type: str(e.attributes['exception.type']), message: str(e.attributes['exception.message']), stacktrace: str(e.attributes['exception.stacktrace']) })),
    links: parseArray(row.links).map((l) => {
      const link = record(l);
      return { traceId: str(link.trace_id), spanId: str(link.span_id), attributes: record(link.attributes) };
    }),
  };
}
