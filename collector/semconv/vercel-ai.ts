// Vercel AI SDK telemetry (ai.*): https://ai-sdk.dev/docs/ai-sdk-core/telemetry.
// ai.generateText / ai.streamText / ai.generateObject / ai.streamObject / ai.embed(Many) wrap one
// or more provider calls (….doGenerate, ….doStream, ….doEmbed) that carry the same model and the
// per-call usage; the wrapper's ai.usage.* is the sum over its calls. Vigil costs an execution as the
// sum of its spans, so a wrapper's tokens stay in `attributes` and only the calls get token columns.
import type { SpanType } from '../../core/spans/row.ts';
import type { AttributeValue, OtlpSpan } from '../otlp/model.ts';
import { firstStr, isRecord, str, stringifyValue, structured, textOf } from './attributes.ts';
import type { Facts } from './facts.ts';
import { message, normalizeMessages, toolCallsOf, type Message } from './messages.ts';
import { firstCount, NO_USAGE, toUsage, type Usage } from './tokens.ts';

function operationId(span: OtlpSpan): string | undefined {
  const a = span.attributes;
  const id = str(a['ai.operationId']);
  if (id !== undefined) return id;
  // operation.name is "<operationId> <functionId>"
  const name = str(a['operation.name']);
  if (name === undefined || !name.startsWith('ai.')) return undefined;
  const space = name.indexOf(' ');
  return space < 0 ? name : name.slice(0, space);
}

function isCall(id: string): boolean {
  return id.endsWith('.doGenerate') || id.endsWith('.doStream');
}

function kindOf(id: string, functionId: string | undefined): SpanType {
  if (id === 'ai.toolCall') return 'tool';
  if (isCall(id)) return 'llm';
  if (id.endsWith('.doEmbed')) return 'embedding';
  if (id.startsWith('ai.embed')) return 'chain';
  // generateText/streamText/… run the tool loop: the agent when the caller named it.
  return functionId !== undefined ? 'agent' : 'chain';
}

/** ai.prompt on wrapper spans: {"system"?, "prompt"?: string | messages, "messages"?: [...]}. */
function promptMessages(value: AttributeValue | undefined): Message[] | undefined {
  const data = structured(value);
  if (typeof data === 'string') return [message('user', data)];
  if (!isRecord(data)) return normalizeMessages(data);
  const messages: Message[] = [];
  if (typeof data['system'] === 'string') messages.push(message('system', data['system']));
  const prompt = data['prompt'];
  if (typeof prompt === 'string') messages.push(message('user', prompt));
  else messages.push(...(normalizeMessages(prompt) ?? []));
  messages.push(...(normalizeMessages(data['messages']) ?? []));
  return messages.length > 0 ? messages : undefined;
}

function responseMessages(a: OtlpSpan['attributes']): Message[] | undefined {
  const text = a['ai.response.text'] ?? a['ai.response.object'];
  const calls = toolCallsOf(structured(a['ai.response.toolCalls']));
  if (text === undefined && calls.length === 0) return undefined;
  return [message('assistant', text === undefined ? '' : stringifyValue(text), calls)];
}

function isAnthropic(provider: string | undefined): boolean {
  return provider !== undefined && (provider.startsWith('anthropic') || provider.includes('.anthropic'));
}

function operationName(id: string): string | undefined {
  if (id === 'ai.toolCall') return 'execute_tool';
  if (isCall(id)) return 'chat';
  return id.endsWith('.doEmbed') ? 'embeddings' : undefined;
}

function callUsage(a: OtlpSpan['attributes'], provider: string | undefined): Usage | undefined {
  // v6 reports a cache-inclusive input total with an inputTokenDetails breakdown. Up to v5 the
  // SDK passed the provider's own count through, which for Anthropic excludes cache reads.
  const v6 =
    a['ai.usage.inputTokenDetails.noCacheTokens'] !== undefined ||
    a['ai.usage.inputTokenDetails.cacheReadTokens'] !== undefined ||
    a['ai.usage.inputTokenDetails.cacheWriteTokens'] !== undefined;
  return toUsage(
    {
      input: firstCount(a['ai.usage.inputTokens'], a['ai.usage.promptTokens'], a['ai.usage.tokens']),
      output: firstCount(a['ai.usage.outputTokens'], a['ai.usage.completionTokens']),
      cacheRead: firstCount(a['ai.usage.inputTokenDetails.cacheReadTokens'], a['ai.usage.cachedInputTokens']),
      cacheWrite: firstCount(a['ai.usage.inputTokenDetails.cacheWriteTokens']),
      reasoning: firstCount(a['ai.usage.outputTokenDetails.reasoningTokens'], a['ai.usage.reasoningTokens']),
    },
    !v6 && isAnthropic(provider),
  );
}

export function vercelFacts(span: OtlpSpan): Facts {
  const id = operationId(span);
  if (id === undefined) return {};
  const a = span.attributes;
  const functionId = str(a['ai.telemetry.functionId']);
  const provider = str(a['ai.model.provider']);
  const providerCall = isCall(id) || id.endsWith('.doEmbed');
  // Wrappers get zero usage, marked primary so that no other convention's counts fill it in.
  const usage = providerCall ? callUsage(a, provider) : id === 'ai.toolCall' ? undefined : NO_USAGE;
  const input = promptMessages(a['ai.prompt.messages']) ?? promptMessages(a['ai.prompt']);
  const output = responseMessages(a);
  const args = a['ai.toolCall.args'] ?? a['ai.toolCall.input'];
  const result = a['ai.toolCall.result'] ?? a['ai.toolCall.output'];
  const values = a['ai.value'] ?? a['ai.values'];
  return {
    kind: kindOf(id, functionId),
    operation: operationName(id),
    provider,
    requestModel: str(a['ai.model.id']),
    responseModel: str(a['ai.response.model']),
    agentName: functionId,
    toolName: str(a['ai.toolCall.name']),
    toolCallId: str(a['ai.toolCall.id']),
    sessionId: firstStr(a['ai.telemetry.metadata.sessionId'], a['ai.telemetry.metadata.session_id']),
    userId: firstStr(a['ai.telemetry.metadata.userId'], a['ai.telemetry.metadata.user_id']),
    usage,
    // The gen_ai.usage.* on provider calls are copies of the SDK's counts without the cache parts.
    usageIsPrimary: usage !== undefined,
    inputMessages: input && { value: input, from: 'ai.prompt' },
    outputMessages: output && { value: output, from: 'ai.response' },
    inputText:
      args !== undefined ? { value: stringifyValue(args), from: 'ai.tool_in' }
      // Re-formatted from JSON, so the raw attribute stays (no `from`).
      : values !== undefined ? { value: embedText(values) }
      : undefined,
    outputText: result === undefined ? undefined : { value: stringifyValue(result), from: 'ai.tool_out' },
  };
}

/** ai.value is one JSON value; ai.values a list of JSON-stringified values. */
function embedText(value: AttributeValue): string {
  const data = structured(value);
  if (!Array.isArray(data)) return textOf(data);
  return data.map((item) => textOf(typeof item === 'string' ? structured(item) : item)).join('\n');
}
