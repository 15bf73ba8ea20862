// Which kind of work a span is. Explicit kinds win (vigil.span.type, openinference.span.kind,
// the Vercel AI SDK operation id, traceloop.span.kind), then operation names (gen_ai.operation.name,
// llm.request.type), then evidence: tokens or a model mean an LLM call.
import type { SpanType } from '../../core/spans/row.ts';
import type { Facts } from './facts.ts';

export interface Evidence {
  hasTokens: boolean;
  hasModel: boolean;
  hasToolName: boolean;
  hasDocuments: boolean;
}

export function resolveSpanType(kindOrder: readonly Facts[], operationOrder: readonly Facts[], evidence: Evidence): SpanType {
  for (const facts of kindOrder) if (facts.kind) return facts.kind;
  for (const facts of operationOrder) if (facts.operationType) return facts.operationType;
  if (evidence.hasTokens || evidence.hasModel) return 'llm';
  if (evidence.hasToolName) return 'tool';
  if (evidence.hasDocuments) return 'retriever';
  return 'other';
}

const DEFAULT_OPERATIONS: Partial<Record<SpanType, string>> = {
  llm: 'chat',
  embedding: 'embeddings',
  tool: 'execute_tool',
  agent: 'invoke_agent',
};

/** The gen_ai operation name a span of this type performs when no convention names it. */
export function defaultOperation(type: SpanType): string {
  return DEFAULT_OPERATIONS[type] ?? '';
}
