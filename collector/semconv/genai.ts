// OpenTelemetry GenAI semantic conventions (gen_ai.*), current names first and the deprecated
// ones still emitted by popular instrumentations (gen_ai.system, gen_ai.usage.prompt_tokens,
// gen_ai.prompt / gen_ai.completion, OpenLLMetry's indexed gen_ai.prompt.{i}.*, event content).
import type { SpanType } from '../../core/spans/row.ts';
import type { Attributes, OtlpSpan } from '../otlp/model.ts';
import { firstStr, reportedCost, str, stringifyValue, structured } from './attributes.ts';
import type { Collected } from './collect.ts';
import type { Facts, Family, Sourced } from './facts.ts';
import { eventMessages, promptMessages } from './genai-events.ts';
import { indexedMessages } from './indexed-messages.ts';
import { contentText, message, normalizeMessages, type Message } from './messages.ts';
import { firstCount, toUsage } from './tokens.ts';

const OPERATION_TYPES: Record<string, SpanType> = {
  chat: 'llm',
  text_completion: 'llm',
  generate_content: 'llm',
  completion: 'llm',
  embeddings: 'embedding',
  execute_tool: 'tool',
  invoke_agent: 'agent',
  create_agent: 'agent',
  retrieval: 'retriever',
};

function systemMessage(value: Attributes[string] | undefined): Message | undefined {
  const data = structured(value);
  if (data === undefined) return undefined;
  const content = contentText(data);
  return content === '' ? undefined : message('system', content);
}

function readMessages(attrs: Attributes, key: string, role: string): Message[] | undefined {
  const value = attrs[key];
  return value === undefined ? undefined : normalizeMessages(structured(value), role);
}

type Found = Sourced<Message[]> | undefined;

function found(value: Message[] | undefined, from?: Family): Found {
  if (!value) return undefined;
  return from ? { value, from } : { value };
}

function messagesFrom(span: OtlpSpan, c: Collected): { input: Found; output: Found } {
  const a = span.attributes;
  const events = span.events.length > 0 ? eventMessages(span.events) : {};
  const details = events.details ?? {};
  const input =
    found(readMessages(a, 'gen_ai.input.messages', 'user'), 'genai.in') ??
    found(readMessages(details, 'gen_ai.input.messages', 'user')) ??
    found(promptMessages(a['gen_ai.prompt'], 'user'), 'genai.prompt') ??
    found(indexedMessages(c.genaiPrompt, '', 'user'), 'genai.prompt') ??
    found(events.input);
  const output =
    found(readMessages(a, 'gen_ai.output.messages', 'assistant'), 'genai.out') ??
    found(readMessages(details, 'gen_ai.output.messages', 'assistant')) ??
    found(promptMessages(a['gen_ai.completion'], 'assistant'), 'genai.completion') ??
    found(indexedMessages(c.genaiCompletion, '', 'assistant'), 'genai.completion') ??
    found(events.output);
  const system = systemMessage(a['gen_ai.system_instructions'] ?? details['gen_ai.system_instructions']);
  if (system && input && input.value[0]?.role !== 'system') input.value = [system, ...input.value];
  return { input: input ?? (system ? { value: [system] } : undefined), output };
}

export function genaiFacts(span: OtlpSpan, c: Collected): Facts {
  const a = span.attributes;
  const operation = str(a['gen_ai.operation.name']);
  const args = a['gen_ai.tool.call.arguments'];
  const result = a['gen_ai.tool.call.result'];
  const { input, output } = messagesFrom(span, c);
  return {
    operation,
    operationType: operation === undefined ? undefined : OPERATION_TYPES[operation],
    provider: firstStr(a['gen_ai.provider.name'], a['gen_ai.system']),
    requestModel: str(a['gen_ai.request.model']),
    responseModel: str(a['gen_ai.response.model']),
    agentName: str(a['gen_ai.agent.name']),
    toolName: str(a['gen_ai.tool.name']),
    toolCallId: str(a['gen_ai.tool.call.id']),
    sessionId: str(a['gen_ai.conversation.id']),
    costUsd: reportedCost(a['gen_ai.usage.cost']),
    usage: toUsage({
      input: firstCount(a['gen_ai.usage.input_tokens'], a['gen_ai.usage.prompt_tokens']),
      output: firstCount(a['gen_ai.usage.output_tokens'], a['gen_ai.usage.completion_tokens']),
      cacheRead: firstCount(
        a['gen_ai.usage.cache_read.input_tokens'],
        a['gen_ai.usage.cache_read_input_tokens'],
        a['gen_ai.usage.cached_tokens'],
      ),
      cacheWrite: firstCount(a['gen_ai.usage.cache_creation.input_tokens'], a['gen_ai.usage.cache_creation_input_tokens']),
      reasoning: firstCount(a['gen_ai.usage.reasoning.output_tokens'], a['gen_ai.usage.reasoning_tokens']),
    }),
    inputMessages: input,
    outputMessages: output,
    inputText: args === undefined ? undefined : { value: stringifyValue(args), from: 'genai.tool_in' },
    outputText: result === undefined ? undefined : { value: stringifyValue(result), from: 'genai.tool_out' },
  };
}
