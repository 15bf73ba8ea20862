// The stored shape of one span (table `spans`, sql/0001_spans.sql): GenAI facts normalized once
// at ingest into typed columns, the remaining attributes kept as strings in a map.

export const SPAN_TYPES = ['agent', 'llm', 'tool', 'retriever', 'embedding', 'chain', 'guardrail', 'other'] as const;
export type SpanType = (typeof SPAN_TYPES)[number];

export const OUTCOMES = ['resolved', 'escalated', 'abandoned', 'failed', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * How `cost_usd` was obtained: `priced` from the model price table, `reported` by the span itself
 * (an explicit cost attribute), `unpriced` when the span used tokens of a model with no known
 * price (cost_usd is 0 but must not be read as free), `usage_unknown` when an LLM call reported no
 * token counts (its cost is unknown too), `none` when the span used no tokens. Executions and
 * rollups count `unpriced` and `usage_unknown` spans together as `unpriced_spans`.
 */
export type CostStatus = 'priced' | 'reported' | 'unpriced' | 'usage_unknown' | 'none';

/** Insert shape. Times are integer nanoseconds since the epoch, as 19-digit decimal strings. */
export interface SpanRow {
  project_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  name: string;
  /** OTLP span kind in lower case: internal, server, client, producer, consumer, unspecified. */
  kind: string;
  span_type: SpanType;
  service_name: string;
  agent_name: string;
  /** gen_ai operation, e.g. chat, text_completion, embeddings, execute_tool, invoke_agent. */
  operation: string;
  provider: string;
  /** The model that answered (response model) if known, else the requested one. */
  model: string;
  start_time: string;
  end_time: string;
  duration_ns: number;
  status_code: 'unset' | 'ok' | 'error';
  status_message: string;
  input_tokens: number;
  /** Output tokens including reasoning tokens (as providers bill them). */
  output_tokens: number;
  /** The part of input_tokens read from the provider's prompt cache. */
  cached_tokens: number;
  /** The part of output_tokens spent on reasoning. */
  reasoning_tokens: number;
  cost_usd: number;
  cost_status: CostStatus;
  session_id: string;
  user_id: string;
  /** Explicit outcome of the execution (vigil.outcome), '' when not given. */
  outcome: Outcome | '';
  /** What went into the span as readable text: the prompt messages, tool arguments, the query. */
  input_text: string;
  /** What came out as readable text: the completion, the tool result, the agent's answer. */
  output_text: string;
  /** JSON array of {role, content, tool_calls?} in and out of an LLM call; '' when none. */
  input_messages: string;
  output_messages: string;
  tool_name: string;
  tool_call_id: string;
  /** Retrieved documents' text (retriever spans), in rank order. */
  documents: string[];
  /**
   * Every span attribute, stringified (non-strings as JSON), except the bulky text ones whose content
   * now lives in input_text, output_text, input_messages, output_messages or documents. Never dropped.
   */
  attributes: Record<string, string>;
  resource_attributes: Record<string, string>;
  scope_name: string;
  scope_version: string;
  /** JSON array of {time_unix_nano, name, attributes}; '' when none. */
  events: string;
  /** JSON array of {trace_id, span_id, attributes}; '' when none. */
  links: string;
}

/** A span read back: the insert shape with project_id and the UInt64 columns parsed to numbers. */
export type StoredSpanRow = SpanRow;
