// What the checks look at, read from one trace's spans: the answer the user got, the context it
// should rest on (retrieved documents, tool results, documents in system instructions), the tool
// calls in order, and the execution's totals. Pure: spans in, facts out.
import type { StoredSpanRow } from '../core/spans/row.ts';

export type TraceSpan = Pick<
  StoredSpanRow,
  | 'trace_id' | 'span_id' | 'parent_span_id' | 'name' | 'span_type' | 'service_name' | 'agent_name' | 'model' | 'operation'
  | 'start_time' | 'end_time' | 'duration_ns' | 'status_code' | 'input_tokens' | 'output_tokens' | 'cost_usd' | 'cost_status'
  | 'input_text' | 'output_text' | 'input_messages' | 'tool_name' | 'documents'
>;

/** System prompts at least this long are read as carrying documents (a few sentences of instructions are not). */
const SYSTEM_DOCUMENT_CHARS = 400;

export interface Passage {
  spanId: string;
  /**
   * tool_call: what the agent did (a tool's name and arguments), which reports of its actions rest
   * on. request: the user's own words, which an answer may repeat ("SH-67417 is delayed"); they
   * support an answer but do not make it checkable on their own.
   */
  kind: 'document' | 'tool_result' | 'tool_call' | 'system' | 'request';
  text: string;
}

export interface ExecutionFacts {
  traceId: string;
  agent: string;
  /** Nanoseconds since the epoch, decimal string: the root's start (or the earliest span's). */
  startNs: string;
  durationMs: number;
  /** The user's request, when the root span carries it. */
  question: string;
  /** The final output to the user, and the span that produced it; undefined when none was recorded. */
  answer?: { spanId: string; text: string };
  context: Passage[];
  toolCalls: { spanId: string; name: string; arguments: string }[];
  llmCalls: number;
  spans: number;
  tokens: number;
  costUsd: number;
  /** Some span used tokens of a model with no known price: the cost is a lower bound. */
  costIncomplete: boolean;
  failed: boolean;
}

/** Orders spans by a nanosecond time (decimal strings, beyond the exact range of a number). */
const byTime = (key: 'start_time' | 'end_time') => (a: TraceSpan, b: TraceSpan) => {
  const diff = BigInt(a[key]) - BigInt(b[key]);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
};
const byStart = byTime('start_time');
const byEnd = byTime('end_time');

interface StoredMessage {
  role?: unknown;
  content?: unknown;
}

function messagesOf(json: string): StoredMessage[] {
  if (json === '') return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as StoredMessage[]) : [];
  } catch {
    return [];
  }
}

/**
 * The answer: the root agent span's output when it has one, attributed to the LLM call that wrote
 * it when one did (so a flag lands on that call); otherwise the last LLM call's text output.
 */
function answerOf(root: TraceSpan, llms: readonly TraceSpan[]): ExecutionFacts['answer'] {
  const rootText = root.output_text.trim();
  const lastWithText = [...llms].sort(byEnd).reverse().find((s) => s.output_text.trim() !== '');
  if (rootText !== '') {
    const writer = [...llms].reverse().find((s) => s.output_text.trim() === rootText);
    return { spanId: (writer ?? root).span_id, text: rootText };
  }
  return lastWithText ? { spanId: lastWithText.span_id, text: lastWithText.output_text.trim() } : undefined;
}

/**
 * Retrieved documents, successful tool calls with their results (an answer reports what the agent
 * did: "Created a transfer of 194 units" rests on the call's arguments), and the answering call's
 * system and tool messages.
 */
function contextOf(spans: readonly TraceSpan[], answerSpan: TraceSpan | undefined, request: Passage | undefined): Passage[] {
  const passages: Passage[] = [];
  const seen = new Set<string>();
  const add = (spanId: string, kind: Passage['kind'], text: string) => {
    const trimmed = text.trim();
    if (trimmed === '' || seen.has(trimmed)) return;
    seen.add(trimmed);
    passages.push({ spanId, kind, text: trimmed });
  };
  for (const span of spans) {
    for (const doc of span.documents) add(span.span_id, 'document', doc);
    if (span.span_type === 'tool' && span.status_code !== 'error') {
      add(span.span_id, 'tool_call', `${span.tool_name || span.name} ${span.input_text}`);
      add(span.span_id, 'tool_result', span.output_text);
    }
  }
  // The prompt of the call that wrote the answer holds what the model was given: documents pasted
  // into the system instructions and tool results of uninstrumented tools. A short system prompt
  // is instructions, not a document: it does not make an answer checkable.
  if (answerSpan) {
    for (const message of messagesOf(answerSpan.input_messages)) {
      if (typeof message.content !== 'string') continue;
      if (message.role === 'system' && message.content.length >= SYSTEM_DOCUMENT_CHARS) add(answerSpan.span_id, 'system', message.content);
      if (message.role === 'tool') add(answerSpan.span_id, 'tool_result', message.content);
    }
  }
  if (request) add(request.spanId, 'request', request.text);
  return passages;
}

export function extractFacts(spans: readonly TraceSpan[]): ExecutionFacts | undefined {
  if (spans.length === 0) return undefined;
  const ordered = [...spans].sort(byStart);
  const root = ordered.find((s) => s.parent_span_id === '') ?? ordered[0]!;
  const llms = ordered.filter((s) => s.span_type === 'llm');
  const answer = answerOf(root, llms);
  const answerSpan = answer ? ordered.find((s) => s.span_id === answer.spanId && s.span_type === 'llm') : undefined;
  const lastEnd = ordered.reduce((max, s) => (BigInt(s.end_time) > max ? BigInt(s.end_time) : max), 0n);
  const start = root.parent_span_id === '' ? BigInt(root.start_time) : BigInt(ordered[0]!.start_time);
  return {
    traceId: root.trace_id,
    agent: root.agent_name || ordered.find((s) => s.agent_name !== '')?.agent_name || root.service_name,
    startNs: start.toString(),
    durationMs: root.parent_span_id === '' ? root.duration_ns / 1e6 : Number(lastEnd - start) / 1e6,
    question: root.input_text.trim(),
    answer,
    context: contextOf(ordered, answerSpan, root.input_text.trim() ? { spanId: root.span_id, kind: 'request', text: root.input_text } : undefined),
    toolCalls: ordered.filter((s) => s.span_type === 'tool').map((s) => ({ spanId: s.span_id, name: s.tool_name || s.name, arguments: s.input_text })),
    llmCalls: llms.length,
    spans: ordered.length,
    tokens: ordered.reduce((sum, s) => sum + s.input_tokens + s.output_tokens, 0),
    costUsd: ordered.reduce((sum, s) => sum + s.cost_usd, 0),
    costIncomplete: ordered.some((s) => s.cost_status === 'unpriced' || s.cost_status === 'usage_unknown'),
    failed: root.status_code === 'error',
  };
}
