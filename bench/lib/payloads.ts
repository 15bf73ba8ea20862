// Realistic agent spans (~1 KB each on the wire) recorded with the OpenTelemetry SDK and encoded
// once, up front, as OTLP protobuf export requests, so the load generator spends nothing per send.
import { context, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';

const SYSTEM = 'You are the support assistant of an online shop. Answer only from the order data and the policy documents you are given. ' +
  'If the answer is not in them, say so and offer to hand the conversation to a human agent. Never promise refunds outside the policy. ' +
  'Keep answers under eighty words, friendly and precise, and quote order numbers exactly as they appear in the tool results.';

const QUESTIONS = [
  'Where is my order A-1042? It was supposed to arrive on Tuesday and the tracking page has not changed since.',
  'Can I return the blue jacket I bought three weeks ago if I have already removed the tags?',
  'My invoice shows two charges for the same subscription this month, please refund one of them.',
];

/** One execution: agent → retrieval, LLM call, tool call, LLM call; 5 spans. */
function recordExecution(tracer: ReturnType<TracerProvider['getTracer']>, n: number): void {
  const question = QUESTIONS[n % QUESTIONS.length]!;
  const agent = tracer.startSpan('invoke_agent support-bot', {
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-bot', 'gen_ai.conversation.id': `session-${n % 997}`, 'user.id': `user-${n % 211}` },
  });
  const ctx = trace.setSpan(context.active(), agent);
  tracer.startSpan('retrieve policy', {
    attributes: { 'openinference.span.kind': 'RETRIEVER', 'input.value': question, 'retrieval.documents.0.document.content': 'Returns are accepted within 30 days of delivery when the item is unused and the original receipt is shown. Shipping costs are refunded only for damaged or wrong items.', 'retrieval.documents.1.document.content': 'Orders ship within two business days. Tracking numbers are emailed when the parcel leaves the warehouse and update every twelve hours.' },
  }, ctx).end();
  const llm = (model: string, provider: string, inTok: number, outTok: number, text: string) =>
    tracer.startSpan(`chat ${model}`, {
      attributes: {
        'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': provider, 'gen_ai.request.model': model, 'gen_ai.response.model': model,
        'gen_ai.usage.input_tokens': inTok, 'gen_ai.usage.output_tokens': outTok, 'gen_ai.usage.cache_read.input_tokens': Math.floor(inTok / 4),
        'gen_ai.request.temperature': 0.2, 'gen_ai.response.finish_reasons': ['stop'], 'gen_ai.response.id': `chatcmpl-${n}-${model}`,
        'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: SYSTEM }]),
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: question }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: text }] }]),
      },
    }, ctx);
  llm('gpt-4o-mini', 'openai', 850 + (n % 300), 120, 'I will look up the order status and the return policy for you before answering, so that the answer quotes the tracking data and the policy exactly.').end();
  tracer.startSpan('execute_tool lookup_order', {
    attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order', 'gen_ai.tool.call.id': `call_${n}`, 'gen_ai.tool.call.arguments': `{"order":"A-${n}"}`, 'gen_ai.tool.call.result': `{"status":"in transit","eta_days":${n % 5}}` },
  }, ctx).end();
  llm('claude-sonnet-4-5', 'anthropic', 1400 + (n % 500), 260, 'Your order A-' + n + ' is in transit and should arrive within a few days; the tracking page updates every twelve hours. If it does not suit you, returns are accepted within 30 days of delivery while the item is unused, and shipping is refunded only for damaged or wrong items.').end();
  agent.end();
}

export interface Payloads {
  bodies: Uint8Array[];
  spansPerBody: number;
  bytesPerSpan: number;
  spans: ReadableSpan[][];
}

export async function buildPayloads(count: number, spansPerBody: number): Promise<Payloads> {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'support-agent', 'service.version': '2.4.1', 'deployment.environment': 'bench' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('bench-agent', '1.0.0');
  const bodies: Uint8Array[] = [];
  const spans: ReadableSpan[][] = [];
  let n = 0;
  for (let i = 0; i < count; i++) {
    memory.reset();
    while (memory.getFinishedSpans().length < spansPerBody) recordExecution(tracer, n++);
    const batch = memory.getFinishedSpans().slice(0, spansPerBody);
    spans.push(batch);
    bodies.push(ProtobufTraceSerializer.serializeRequest(batch)!);
  }
  await provider.shutdown();
  const bytes = bodies.reduce((sum, b) => sum + b.length, 0);
  return { bodies, spansPerBody, bytesPerSpan: bytes / (count * spansPerBody), spans };
}
