// OpenInference (Arize Phoenix; LangChain, LlamaIndex, OpenAI Agents, DSPy … instrumentations):
// openinference.span.kind, llm.*, input.value / output.value, retrieval.documents.{i}.document.*.
// Spec: github.com/Arize-ai/openinference spec/semantic_conventions.md.
import type { SpanType } from '../../core/spans/row.ts';
import type { AttributeValue, OtlpSpan } from '../otlp/model.ts';
import { firstStr, isRecord, reportedCost, str, structured } from './attributes.ts';
import { inOrder, type Collected } from './collect.ts';
import type { Facts, Sourced } from './facts.ts';
import { indexedMessages } from './indexed-messages.ts';
import { readableText } from './text.ts';
import { firstCount, toUsage } from './tokens.ts';

const KINDS: Record<string, SpanType> = {
  LLM: 'llm',
  CHAIN: 'chain',
  TOOL: 'tool',
  RETRIEVER: 'retriever',
  EMBEDDING: 'embedding',
  AGENT: 'agent',
  GUARDRAIL: 'guardrail',
  // No column of their own: a reranker re-orders documents already counted as retrieved context.
  RERANKER: 'other',
  EVALUATOR: 'other',
  PROMPT: 'other',
};

function documentsOf(c: Collected): Sourced<string[]> | undefined {
  if (c.oiDocuments.size === 0) return undefined;
  return { value: inOrder(c.oiDocuments).map((record) => str(record['document.content']) ?? ''), from: 'oi.docs' };
}

/** LangChain's run metadata (OpenInference `metadata`, JSON text) names the provider `ls_provider`. */
function langchainProvider(metadata: AttributeValue | undefined): string | undefined {
  const data = structured(metadata);
  return isRecord(data) && typeof data['ls_provider'] === 'string' && data['ls_provider'] !== '' ? data['ls_provider'] : undefined;
}

export function openinferenceFacts(span: OtlpSpan, c: Collected): Facts {
  const a = span.attributes;
  const kindName = str(a['openinference.span.kind'])?.toUpperCase();
  const kind = kindName === undefined ? undefined : KINDS[kindName];
  const inputMessages = indexedMessages(c.oiInputMessages, 'message.', 'user');
  const outputMessages = indexedMessages(c.oiOutputMessages, 'message.', 'assistant');
  return {
    kind,
    provider: firstStr(a['llm.provider'], a['llm.system']) ?? langchainProvider(a['metadata']),
    requestModel: firstStr(a['llm.request.model_name'], a['embedding.model_name']),
    responseModel: firstStr(a['llm.response.model_name'], a['llm.model_name']),
    agentName: firstStr(a['agent.name'], kind === 'agent' ? span.name : undefined),
    toolName: firstStr(a['tool.name'], kind === 'tool' ? a['tool_call.function.name'] : undefined),
    toolCallId: str(a['tool_call.id']),
    sessionId: str(a['session.id']),
    userId: str(a['user.id']),
    costUsd: reportedCost(a['llm.cost.total'] ?? a['llm.cost']),
    // Assumed inclusive like OpenAI's: the spec maps prompt_details.cache_read to OpenAI's
    // cached_tokens, a part of prompt_tokens. tokens.ts adds parts that exceed their whole.
    usage: toUsage({
      input: firstCount(a['llm.token_count.prompt']),
      output: firstCount(a['llm.token_count.completion']),
      cacheRead: firstCount(a['llm.token_count.prompt_details.cache_read']),
      cacheWrite: firstCount(a['llm.token_count.prompt_details.cache_write']),
      reasoning: firstCount(a['llm.token_count.completion_details.reasoning']),
    }),
    inputMessages: inputMessages && { value: inputMessages, from: 'oi.in_msgs' },
    outputMessages: outputMessages && { value: outputMessages, from: 'oi.out_msgs' },
    inputText: readableText(str(a['input.value']), 'input', 'oi.input', str(a['input.mime_type'])),
    outputText: readableText(str(a['output.value']), 'output', 'oi.output', str(a['output.mime_type'])),
    documents: documentsOf(c),
  };
}
