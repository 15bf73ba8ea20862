// Agent-shaped traces recorded with the real OpenTelemetry SDK, then sent with the real OTLP
// exporters: an agent span, a retrieval, two LLM calls with gen_ai attributes, and a tool call.
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';

export const SERVICE = 'support-agent';
export const DOCUMENT = 'Refunds are accepted within 14 days of delivery. Shipping costs are not refunded.';


/** Records one support-bot execution and returns its finished spans (root last). */
export async function recordAgentTrace(options: { outcome?: string } = {}): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': SERVICE, 'deployment.environment': 'test' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('vigil-test-agent', '1.2.3');
  const agent = tracer.startSpan('invoke_agent support-bot', {
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'support-bot',
      'gen_ai.conversation.id': 'session-42',
      'user.id': 'user-7',
      ...(options.outcome ? { 'vigil.outcome': options.outcome } : {}),
      'custom.tenant': 'acme',
    },
  });
  // No context manager is registered, so the parent is passed explicitly.
  const inAgent = trace.setSpan(context.active(), agent);
  {
    const retrieval = tracer.startSpan('retrieve refund policy', {
      attributes: {
        'openinference.span.kind': 'RETRIEVER',
        'input.value': 'refund policy',
        'retrieval.documents.0.document.content': DOCUMENT,
        'retrieval.documents.1.document.content': 'Store credit never expires.',
      },
    }, inAgent);
    retrieval.end();
    const plan = tracer.startSpan('chat gpt-4o', {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.usage.input_tokens': 1200,
        'gen_ai.usage.cache_read.input_tokens': 200,
        'gen_ai.usage.output_tokens': 300,
        'gen_ai.request.temperature': 0.2,
        'gen_ai.response.finish_reasons': ['tool_calls'],
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Can I get a refund after 20 days?' }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'lookup_order', arguments: { order: 'A-1' } }] }]),
      },
    }, inAgent);
    plan.addEvent('gen_ai.content.chunk', { index: 1 });
    plan.end();
    const tool = tracer.startSpan('execute_tool lookup_order', {
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'lookup_order',
        'gen_ai.tool.call.id': 'call_1',
        'gen_ai.tool.call.arguments': '{"order":"A-1"}',
        'gen_ai.tool.call.result': '{"delivered_days_ago":20}',
      },
    }, inAgent);
    tool.setStatus({ code: SpanStatusCode.ERROR, message: 'order service slow' });
    tool.end();
    const answer = tracer.startSpan('chat claude-sonnet-4-5', {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.request.model': 'claude-sonnet-4-5',
        'gen_ai.usage.input_tokens': 900,
        'gen_ai.usage.output_tokens': 120,
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Refunds are accepted within 14 days, so this order is not eligible.' }] }]),
      },
    }, inAgent);
    answer.end();
    const mystery = tracer.startSpan('chat in-house-model', {
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'in-house-model-v3', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5 },
    }, inAgent);
    mystery.end();
  }
  agent.end();
  await provider.forceFlush();
  const spans = memory.getFinishedSpans();
  await provider.shutdown();
  return [...spans];
}

/** Sends spans with a real exporter and resolves with its ExportResult. */
export function exportSpans(exporter: SpanExporter, spans: ReadableSpan[]): Promise<{ code: number; error?: Error }> {
  return new Promise((resolve) => exporter.export(spans, (result) => resolve(result)));
}
