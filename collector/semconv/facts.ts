// What one semantic convention says about a span, before the conventions are merged by precedence
// (normalize.ts). Each convention reader returns Facts; absent fields mean "this convention is silent".
import type { SpanType } from '../../core/spans/row.ts';
import type { Message } from './messages.ts';
import type { Usage } from './tokens.ts';

/**
 * Groups of bulky attributes whose content moves into a text, messages or documents column. An
 * attribute of a family leaves the `attributes` map only when the column shows that family's content
 * in full; otherwise it stays (nothing is dropped).
 */
export type Family =
  | 'genai.in'
  | 'genai.prompt'
  | 'genai.out'
  | 'genai.completion'
  | 'genai.tool_in'
  | 'genai.tool_out'
  | 'oi.in_msgs'
  | 'oi.out_msgs'
  | 'oi.input'
  | 'oi.output'
  | 'oi.docs'
  | 'ai.prompt'
  | 'ai.response'
  | 'ai.tool_in'
  | 'ai.tool_out'
  | 'ai.value'
  | 'tl.input'
  | 'tl.output';

/** A value read from bulky attributes; `from` is set when the value represents them losslessly. */
export interface Sourced<T> {
  value: T;
  from?: Family;
}

export interface Facts {
  /** An explicit kind (vigil.span.type, openinference.span.kind, ai.operationId, traceloop.span.kind). */
  kind?: SpanType;
  /** A type implied by an operation name (gen_ai.operation.name, llm.request.type). */
  operationType?: SpanType;
  operation?: string;
  provider?: string;
  requestModel?: string;
  responseModel?: string;
  agentName?: string;
  toolName?: string;
  toolCallId?: string;
  sessionId?: string;
  userId?: string;
  /** A cost the span reports itself, in US dollars. */
  costUsd?: number;
  usage?: Usage;
  /** The usage above is the source that other conventions' usage attributes on this span mirror. */
  usageIsPrimary?: boolean;
  inputMessages?: Sourced<Message[]>;
  outputMessages?: Sourced<Message[]>;
  inputText?: Sourced<string>;
  outputText?: Sourced<string>;
  documents?: Sourced<string[]>;
}
