// OpenLLMetry's OpenAI instrumentation on its own (`@traceloop/instrumentation-openai` 0.27 on the
// `openai` 6 client), registered with the OpenTelemetry SDK 3 and the OTLP/HTTP protobuf exporter,
// under an agent that records its own GenAI agent and tool spans, against a scripted
// OpenAI-compatible server and a real Vigil.
import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { OpenAIInstrumentation } from '@traceloop/instrumentation-openai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredSpan } from '../../core/spans/repository.ts';
import {
  ANSWER, LLM_KEY, MODEL, RESPONSE_MODEL, STREAMED_ANSWER, STREAM_QUESTION, TOOL, TOOL_RESULT,
  expectChatCalls, expectConversationExecution, expectConversationMessages, expectToolResultMessage, expectUsageUnknown, inputMessages, outputMessages,
} from './conversation.ts';
import { spanNamed, spansOfType, startConformance, type Conformance, type StoredTrace } from './harness.ts';
import { answerWithTool, streamAnswer } from './openai-client.ts';

const SERVICE = 'conformance-openllmetry-openai';
const AGENT_SPAN = 'invoke_agent support-bot';
let env: Conformance;
let provider: TracerProvider;
let tracer: Tracer;
let instrumentation: OpenAIInstrumentation;
let client: OpenAI;

beforeAll(async () => {
  env = await startConformance();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter = new OTLPTraceExporter({ url: env.vigil.otlpHttp, headers: { authorization: `Bearer ${env.vigil.key}` } });
  provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': SERVICE }), spanProcessors: [new BatchSpanProcessor({ exporter })] });
  tracer = provider.getTracer('support-agent');
  instrumentation = new OpenAIInstrumentation();
  instrumentation.setTracerProvider(provider);
  // Under ESM the require hook never sees `openai`: patch the class the test uses.
  instrumentation.manuallyInstrument(OpenAI);
  client = new OpenAI({ baseURL: env.llmBaseUrl, apiKey: LLM_KEY, maxRetries: 0 });
});
afterAll(async () => {
  instrumentation?.disable();
  await provider?.shutdown();
  context.disable();
  await env?.close();
});

/** Runs `fn` under a GenAI invoke_agent span and reads back the stored trace. */
async function asAgent(fn: () => Promise<string>): Promise<{ result: string; trace: StoredTrace }> {
  const { result, traceId } = await tracer.startActiveSpan(AGENT_SPAN, { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-bot' } }, async (span) => {
    const answer = await fn();
    span.end();
    return { result: answer, traceId: span.spanContext().traceId };
  });
  await provider.forceFlush();
  return { result, trace: await env.readTrace(traceId) };
}

/** The agent's own tool span, as GenAI semantic conventions describe one. */
const lookupOrder = (args: unknown, callId: string) =>
  tracer.startActiveSpan(`execute_tool ${TOOL.name}`, { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': TOOL.name, 'gen_ai.tool.call.id': callId, 'gen_ai.tool.call.arguments': JSON.stringify(args) } }, async (span) => {
    span.setAttribute('gen_ai.tool.call.result', JSON.stringify(TOOL_RESULT));
    span.end();
    return TOOL_RESULT;
  });

describe('chat completions with a tool call', () => {
  let trace: StoredTrace;
  let root: StoredSpan;
  let calls: StoredSpan[];
  beforeAll(async () => {
    const run = await asAgent(() => answerWithTool(client, lookupOrder));
    expect(run.result).toBe(ANSWER);
    trace = run.trace;
    root = spanNamed(trace.spans, AGENT_SPAN);
    calls = spansOfType(trace.spans, 'llm');
  });

  it('stores each chat completion under the agent with provider, response model, tokens and cost', () => {
    expect(root).toMatchObject({ parent_span_id: '', span_type: 'agent', agent_name: 'support-bot' });
    expectChatCalls(calls, { name: `chat ${MODEL}`, kind: 'client', parent_span_id: root.span_id, provider: 'openai', model: RESPONSE_MODEL });
  });

  it('stores the messages: the prompt, the tool call with its id, the answer', () => {
    expectConversationMessages(calls);
  });

  it('stores the tool result sent back as a tool message tied to its call', () => {
    expectToolResultMessage(calls);
  });

  it('sums the execution: two priced calls, one tool call', () => {
    expect(spanNamed(trace.spans, `execute_tool ${TOOL.name}`)).toMatchObject({ span_type: 'tool', parent_span_id: root.span_id, tool_name: TOOL.name, tool_call_id: TOOL.callId });
    expectConversationExecution(trace.execution);
  });
});

describe('a streamed chat completion', () => {
  // OpenLLMetry 0.27 rebuilds the streamed message but ignores the usage chunk (it counts tokens
  // only with `enrichTokens`, off by default): the span reaches Vigil with no token counts.
  let trace: StoredTrace;
  let call: StoredSpan;
  beforeAll(async () => {
    const run = await asAgent(() => streamAnswer(client));
    expect(run.result).toBe(STREAMED_ANSWER);
    trace = run.trace;
    call = spanNamed(trace.spans, `chat ${MODEL}`);
  });

  it('stores the streamed call under the agent with its response model and messages', () => {
    expect(call).toMatchObject({ span_type: 'llm', parent_span_id: spanNamed(trace.spans, AGENT_SPAN).span_id, provider: 'openai', model: RESPONSE_MODEL });
    expect(inputMessages(call)).toEqual([{ role: 'user', content: STREAM_QUESTION }]);
    expect(outputMessages(call)).toEqual([{ role: 'assistant', content: STREAMED_ANSWER }]);
  });

  it('marks an LLM call that reported no tokens as usage unknown, up to its execution', () => {
    expectUsageUnknown(call, trace.execution);
  });
});

it('reached nothing beyond loopback', () => {
  expect(env.outsideAttempts).toEqual([]);
});
