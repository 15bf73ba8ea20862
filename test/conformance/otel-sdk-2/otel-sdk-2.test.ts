// The OpenTelemetry JS SDK 2.x line, which most agents in production still run: sdk-trace-base 2.12
// with its context manager and its matching OTLP exporters 0.223 (protobuf, JSON, gRPC), tracing the
// AI SDK (`ai` 6 takes the tracer as a parameter) against a scripted OpenAI-compatible server and a
// real Vigil. SDK 2 needs @opentelemetry/api below 1.10, hence this package folder (an npm
// workspace) with its own copy.
import { Metadata } from '@grpc/grpc-js';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerWithTool, streamAnswer, type AiSdkAgent } from '../ai-sdk-agent.ts';
import {
  ANSWER, RESPONSE_MODEL, STREAMED_ANSWER, TOOL,
  expectChatCalls, expectConversationExecution, expectConversationMessages, expectStreamedCall, inputMessages,
} from '../conversation.ts';
import { spanNamed, spansOfType, startConformance, storedTraceOf, type Conformance } from '../harness.ts';

let env: Conformance;
beforeAll(async () => {
  env = await startConformance();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(async () => {
  context.disable();
  await env?.close();
});

const exporters: Record<string, () => SpanExporter> = {
  'OTLP/HTTP protobuf': () => new ProtoExporter({ url: env.vigil.otlpHttp, headers: { authorization: `Bearer ${env.vigil.key}` } }),
  'OTLP/HTTP JSON': () => new JsonExporter({ url: env.vigil.otlpHttp, headers: { authorization: `Bearer ${env.vigil.key}` } }),
  'OTLP/gRPC': () => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${env.vigil.key}`);
    return new GrpcExporter({ url: `http://${env.vigil.otlpGrpc}`, metadata });
  },
};

describe.each(Object.keys(exporters))('sdk-trace-base 2 with the %s exporter 0.223', (exporterName) => {
  const service = `conformance-otel-sdk-2-${exporterName.replaceAll(/\W+/g, '-').toLowerCase()}`;
  const recorder = new InMemorySpanExporter();
  let provider: BasicTracerProvider;
  beforeAll(() => {
    provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      spanProcessors: [new BatchSpanProcessor(exporters[exporterName]!()), new SimpleSpanProcessor(recorder)],
    });
  });
  afterAll(async () => {
    await provider?.shutdown();
  });

  const agent = (): AiSdkAgent => ({ baseURL: env.llmBaseUrl, tracer: provider.getTracer('support-agent', '2.0.0') });

  const storedTrace = (rootName: string) =>
    storedTraceOf(env, () => recorder.getFinishedSpans(), () => provider.forceFlush(), (s) => s.name === rootName);

  it('stores a tool loop: agent, chat calls with tokens and cost, the tool call and its id, parent links', async () => {
    expect(await answerWithTool(agent())).toBe(ANSWER);
    const { spans, execution } = await storedTrace('ai.generateText');

    const root = spanNamed(spans, 'ai.generateText');
    expect(root).toMatchObject({ parent_span_id: '', span_type: 'agent', agent_name: 'support-bot', service_name: service, scope_name: 'support-agent', scope_version: '2.0.0' });
    expect(root.output_text).toBe(ANSWER);
    const calls = spansOfType(spans, 'llm');
    expectChatCalls(calls, { parent_span_id: root.span_id, provider: 'openai', model: RESPONSE_MODEL });
    expectConversationMessages(calls);
    expect(inputMessages(calls[1]!)[3]).toMatchObject({ role: 'tool', tool_call_id: TOOL.callId });
    expect(spanNamed(spans, 'ai.toolCall')).toMatchObject({ span_type: 'tool', parent_span_id: root.span_id, tool_name: TOOL.name, tool_call_id: TOOL.callId });
    expectConversationExecution(execution);
  });

  it('stores a streamed answer with its usage under its parent', async () => {
    expect(await streamAnswer(agent())).toBe(STREAMED_ANSWER);
    const { spans } = await storedTrace('ai.streamText');
    expectStreamedCall(spanNamed(spans, 'ai.streamText.doStream'), { parent_span_id: spanNamed(spans, 'ai.streamText').span_id, provider: 'openai', model: RESPONSE_MODEL });
  });
});

it('reached nothing beyond loopback', () => {
  expect(env.outsideAttempts).toEqual([]);
});
