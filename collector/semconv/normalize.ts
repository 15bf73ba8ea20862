// One decoded OTLP span → one stored span row. Each convention reader says what it knows; the
// row takes, field by field, the first convention that says something, in the order of
// ARCHITECTURE.md "Semantic conventions": vigil.*, OTel GenAI, OpenInference, Vercel AI SDK,
// OpenLLMetry. Pure and allocation-light: it runs on every ingested span.
import type { Pricing } from '../../core/pricing/index.ts';
import type { CostStatus, SpanRow, SpanType } from '../../core/spans/row.ts';
import type { OtlpSpan } from '../otlp/model.ts';
import { str } from './attributes.ts';
import { collect, keepUnconsumed, SEEN_GENAI, SEEN_OPENINFERENCE, SEEN_TRACELOOP, SEEN_VERCEL, SEEN_VIGIL } from './collect.ts';
import type { Facts, Family, Sourced } from './facts.ts';
import { genaiFacts } from './genai.ts';
import { completionText, lastContent, renderMessages, type Message } from './messages.ts';
import { openinferenceFacts } from './openinference.ts';
import { openllmetryFacts } from './openllmetry.ts';
import * as otlp from './otlp-fields.ts';
import { normalizeProvider } from './provider.ts';
import { defaultOperation, resolveSpanType } from './span-type.ts';
import { NO_USAGE, type Usage } from './tokens.ts';
import { vercelFacts } from './vercel-ai.ts';
import { outcomeOf, vigilFacts } from './vigil.ts';

export type NormalizedSpan = Omit<SpanRow, 'project_id'>;

const NOTHING: Facts = Object.freeze({});

type Scalar = 'operation' | 'provider' | 'agentName' | 'toolName' | 'toolCallId' | 'sessionId' | 'userId' | 'costUsd';

function first<K extends Scalar>(facts: readonly Facts[], key: K): Facts[K] {
  for (const f of facts) if (f[key] !== undefined) return f[key];
  return undefined;
}

interface Text {
  text: string;
  from?: Family | undefined;
}

/** Messages or plain text, whichever the highest-precedence convention that has either provides. */
function columnText(facts: readonly Facts[], side: 'input' | 'output', type: SpanType): Text {
  for (const f of facts) {
    const messages = side === 'input' ? f.inputMessages : f.outputMessages;
    if (messages) return { text: messagesText(messages.value, side, type), from: messages.from };
    const text = side === 'input' ? f.inputText : f.outputText;
    if (text) return { text: text.value, from: text.from };
  }
  return { text: '' };
}

function messagesText(messages: readonly Message[], side: 'input' | 'output', type: SpanType): string {
  // An agent's input is the question it was asked and its output the final answer; an LLM call's
  // input is its whole prompt and its output the whole completion.
  if (side === 'output') return (type === 'agent' ? lastContent(messages, 'assistant') : undefined) ?? completionText(messages);
  return (type === 'agent' ? lastContent(messages, 'user') : undefined) ?? renderMessages(messages);
}

function firstSourced<T>(facts: readonly Facts[], pick: (f: Facts) => Sourced<T> | undefined): Sourced<T> | undefined {
  for (const f of facts) {
    const value = pick(f);
    if (value) return value;
  }
  return undefined;
}

function price(pricing: Pricing, usage: Usage, model: string, requestModel: string, at: Date): { cost: number; status: CostStatus } {
  let result = pricing.price(model, usage, at);
  if (result.status === 'unpriced' && requestModel !== '' && requestModel !== model) result = pricing.price(requestModel, usage, at);
  return { cost: result.cost_usd, status: result.status };
}

/**
 * Without a provider attribute (LangChain through OpenInference sends none for some models), the
 * provider whose price list names the model; empty for a model nobody prices.
 */
function providerOfModel(pricing: Pricing, model: string, span: OtlpSpan): string {
  return model === '' ? '' : (pricing.lookup(model, otlp.startDate(span))?.provider ?? '');
}

export function normalizeSpan(span: OtlpSpan, pricing: Pricing): NormalizedSpan {
  const attrs = span.attributes;
  const collected = collect(attrs);
  const seen = collected.seen;
  const vigil = seen & SEEN_VIGIL ? vigilFacts(attrs) : NOTHING;
  const genai = seen & SEEN_GENAI || span.events.length > 0 ? genaiFacts(span, collected) : NOTHING;
  const oi = seen & SEEN_OPENINFERENCE ? openinferenceFacts(span, collected) : NOTHING;
  const vercel = seen & SEEN_VERCEL ? vercelFacts(span) : NOTHING;
  const traceloop = seen & SEEN_TRACELOOP ? openllmetryFacts(span) : NOTHING;
  const facts = [vigil, genai, oi, vercel, traceloop];

  const reportedUsage = vercel.usageIsPrimary ? vercel.usage : (genai.usage ?? oi.usage ?? vercel.usage ?? traceloop.usage);
  const usage = reportedUsage ?? NO_USAGE;
  // The highest-precedence convention that names a model decides; within it the answering model wins.
  const named = facts.find((f) => f.responseModel !== undefined || f.requestModel !== undefined);
  const requestModel = named?.requestModel ?? '';
  const model = named?.responseModel ?? requestModel;
  const toolName = first(facts, 'toolName') ?? '';
  const documents = firstSourced(facts, (f) => f.documents);
  const spanType = resolveSpanType([vigil, oi, vercel, traceloop, genai], [genai, traceloop], {
    hasTokens: usage.input + usage.output > 0,
    hasModel: model !== '',
    hasToolName: toolName !== '',
    hasDocuments: documents !== undefined,
  });

  const reported = first(facts, 'costUsd');
  const { cost, status } =
    reported !== undefined ? { cost: reported, status: 'reported' as const }
    // An LLM call without token counts (OpenInference on a streamed completion) cost something
    // unknown: it must not read as free, and counts with the unpriced spans of its execution.
    : spanType === 'llm' && reportedUsage === undefined ? { cost: 0, status: 'usage_unknown' as const }
    : price(pricing, usage, model, requestModel, otlp.startDate(span));

  const inputMessages = firstSourced(facts, (f) => f.inputMessages);
  const outputMessages = firstSourced(facts, (f) => f.outputMessages);
  const input = columnText(facts, 'input', spanType);
  const output = columnText(facts, 'output', spanType);
  keepUnconsumed(collected, attrs, [inputMessages?.from, outputMessages?.from, input.from, output.from, documents?.from]);

  return {
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId,
    name: span.name,
    kind: otlp.kindName(span.kind),
    span_type: spanType,
    service_name: str(span.resource['service.name']) ?? '',
    agent_name: first(facts, 'agentName') ?? '',
    operation: first(facts, 'operation') ?? defaultOperation(spanType),
    provider: normalizeProvider(first(facts, 'provider')) || providerOfModel(pricing, model, span),
    model,
    start_time: otlp.timeText(span.startTimeUnixNano),
    end_time: otlp.timeText(span.endTimeUnixNano),
    duration_ns: otlp.durationNs(span),
    status_code: otlp.statusName(span.status.code),
    status_message: span.status.message,
    input_tokens: usage.input,
    output_tokens: usage.output,
    cached_tokens: usage.cached,
    reasoning_tokens: usage.reasoning,
    cost_usd: cost,
    cost_status: status,
    session_id: first(facts, 'sessionId') ?? '',
    user_id: first(facts, 'userId') ?? '',
    outcome: outcomeOf(attrs),
    input_text: input.text,
    output_text: output.text,
    input_messages: inputMessages ? JSON.stringify(inputMessages.value) : '',
    output_messages: outputMessages ? JSON.stringify(outputMessages.value) : '',
    tool_name: toolName,
    tool_call_id: first(facts, 'toolCallId') ?? '',
    documents: documents?.value ?? [],
    attributes: collected.attributes,
    resource_attributes: otlp.resourceAttributes(span.resource),
    scope_name: span.scope.name,
    scope_version: span.scope.version,
    events: otlp.eventsJson(span.events),
    links: otlp.linksJson(span.links),
  };
}
