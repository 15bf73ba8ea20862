// The Vercel AI SDK (`ai` 6, `@ai-sdk/openai` 3) with its own telemetry (experimental_telemetry),
// the OpenTelemetry SDK 3 and the OTLP/HTTP protobuf exporter, against a scripted OpenAI-compatible
// server and a real Vigil: a tool loop and a streamed answer come back as typed spans.
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredSpan } from '../../core/spans/repository.ts';
import { answerWithTool, streamAnswer, type AiSdkAgent } from './ai-sdk-agent.ts';
import {
  ANSWER, QUESTION, RESPONSE_MODEL, STREAMED_ANSWER, TOOL, TOOL_RESULT,
  expectChatCalls, expectConversationExecution, expectConversationMessages, expectStreamedCall, expectToolResultMessage,
} from './conversation.ts';
import { spanNamed, spansOfType, startConformance, storedTraceOf, type Conformance, type StoredTrace } from './harness.ts';

const SERVICE = 'conformance-ai-sdk';
let env: Conformance;
let provider: TracerProvider;
const recorder = new InMemorySpanExporter();

beforeAll(async () => {
  env = await startConformance();
  // The AI SDK nests its spans through the active context: without a context manager every span
  // would start its own trace.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter = new OTLPTraceExporter({ url: env.vigil.otlpHttp, headers: { authorization: `Bearer ${env.vigil.key}` } });
  provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': SERVICE }),
    spanProcessors: [new BatchSpanProcessor({ exporter }), new SimpleSpanProcessor({ exporter: recorder })],
  });
});
afterAll(async () => {
  await provider?.shutdown();
  context.disable();
  await env?.close();
});

const agent = (metadata?: Record<string, string>): AiSdkAgent => ({ baseURL: env.llmBaseUrl, tracer: provider.getTracer('support-agent'), ...(metadata ? { metadata } : {}) });
const storedTrace = (rootName: string) =>
  storedTraceOf(env, () => recorder.getFinishedSpans(), () => provider.forceFlush(), (s) => s.name === rootName);

describe('generateText with a tool', () => {
  let trace: StoredTrace;
  let root: StoredSpan;
  let calls: StoredSpan[];
  beforeAll(async () => {
    expect(await answerWithTool(agent({ sessionId: 'session-ai-1' }))).toBe(ANSWER);
    trace = await storedTrace('ai.generateText');
    root = spanNamed(trace.spans, 'ai.generateText');
    calls = spansOfType(trace.spans, 'llm');
  });

  it('stores the loop as an agent span with the question and the final answer', () => {
    expect(root).toMatchObject({ parent_span_id: '', span_type: 'agent', agent_name: 'support-bot', service_name: SERVICE, session_id: 'session-ai-1' });
    expect(root.input_text).toBe(QUESTION);
    expect(root.output_text).toBe(ANSWER);
  });

  it('stores each chat call under the agent with provider, response model, tokens and cost', () => {
    expectChatCalls(calls, { name: 'ai.generateText.doGenerate', parent_span_id: root.span_id, provider: 'openai', model: RESPONSE_MODEL });
  });

  it('stores the messages: the prompt, the tool call with its id, the answer', () => {
    expectConversationMessages(calls);
  });

  it('stores the tool result sent back as a tool message tied to its call, holding the result', () => {
    // ai.prompt.messages carries it as a tool-result part: {toolCallId, output: {type: "json", value}}.
    expectToolResultMessage(calls);
  });

  it('stores the tool execution with its name, call id, arguments and result', () => {
    const toolSpan = spanNamed(trace.spans, 'ai.toolCall');
    expect(toolSpan).toMatchObject({ span_type: 'tool', parent_span_id: root.span_id, operation: 'execute_tool', tool_name: TOOL.name, tool_call_id: TOOL.callId, cost_status: 'none' });
    expect(JSON.parse(toolSpan.input_text)).toEqual(TOOL.arguments);
    expect(JSON.parse(toolSpan.output_text)).toEqual(TOOL_RESULT);
  });

  it('sums the execution: two priced calls, one tool call', () => {
    expect(trace.execution.agentName).toBe('support-bot');
    expectConversationExecution(trace.execution);
  });
});

describe('streamText', () => {
  it('stores a streamed answer with the usage the stream reported', async () => {
    expect(await streamAnswer(agent())).toBe(STREAMED_ANSWER);
    // The client asks for a usage chunk at the end of the stream.
    expect(env.llm.requests.at(-1)!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });

    const { spans, execution } = await storedTrace('ai.streamText');
    const root = spanNamed(spans, 'ai.streamText');
    expectStreamedCall(spanNamed(spans, 'ai.streamText.doStream'), { parent_span_id: root.span_id, provider: 'openai', model: RESPONSE_MODEL });
    expect(root.output_text).toBe(STREAMED_ANSWER);
    expect(execution).toMatchObject({ llmCalls: 1, unpricedSpans: 0 });
  });
});

it('reached nothing beyond loopback', () => {
  expect(env.outsideAttempts).toEqual([]);
});
