// OpenLLMetry / Traceloop SDK: traceloop.span.kind (workflow, task, agent, tool),
// traceloop.entity.name / input / output, traceloop.workflow.name, llm.request.type and
// traceloop.association.properties.*. Its LLM spans use gen_ai.* (read by genai.ts).
import type { SpanType } from '../../core/spans/row.ts';
import type { OtlpSpan } from '../otlp/model.ts';
import { firstStr, str } from './attributes.ts';
import type { Facts } from './facts.ts';
import { readableText } from './text.ts';

const KINDS: Partial<Record<string, SpanType>> = {
  workflow: 'chain',
  task: 'chain',
  agent: 'agent',
  tool: 'tool',
};

const REQUEST_TYPES: Partial<Record<string, { type: SpanType; operation: string }>> = {
  chat: { type: 'llm', operation: 'chat' },
  completion: { type: 'llm', operation: 'text_completion' },
  embedding: { type: 'embedding', operation: 'embeddings' },
};

export function openllmetryFacts(span: OtlpSpan): Facts {
  const a = span.attributes;
  const kind = KINDS[str(a['traceloop.span.kind'])?.toLowerCase() ?? ''];
  const request = REQUEST_TYPES[str(a['llm.request.type'])?.toLowerCase() ?? ''];
  const entity = str(a['traceloop.entity.name']);
  return {
    kind,
    operationType: request?.type,
    operation: request?.operation,
    agentName: kind === 'agent' ? entity : undefined,
    toolName: kind === 'tool' ? entity : undefined,
    sessionId: firstStr(a['traceloop.association.properties.session_id'], a['traceloop.association.properties.sessionId']),
    userId: firstStr(a['traceloop.association.properties.user_id'], a['traceloop.association.properties.userId']),
    inputText: readableText(str(a['traceloop.entity.input']), 'input', 'tl.input'),
    outputText: readableText(str(a['traceloop.entity.output']), 'output', 'tl.output'),
  };
}
