// OpenInference for LangChain (`@arizeai/openinference-instrumentation-langchain` 4.1 on
// `@langchain/core` 1.4 with `@langchain/openai`'s ChatOpenAI), the OpenTelemetry SDK 3 and the
// OTLP/gRPC exporter, against a scripted OpenAI-compatible server and a real Vigil.
import { Metadata } from '@grpc/grpc-js';
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { RunnableLambda } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { StoredSpan } from '../../core/spans/repository.ts';
import {
  ANSWER, LLM_KEY, MODEL, QUESTION, STREAMED_ANSWER, STREAM_QUESTION, SYSTEM, TOOL, TOOL_RESULT,
  expectChatCalls, expectConversationExecution, expectConversationMessages, expectStreamedCall, inputMessages,
} from './conversation.ts';
import { spanNamed, spansOfType, startConformance, storedTraceOf, type Conformance, type StoredTrace } from './harness.ts';

const SERVICE = 'conformance-openinference-langchain';
let env: Conformance;
let provider: TracerProvider;
let instrumentation: LangChainInstrumentation;
let model: ChatOpenAI;
const recorder = new InMemorySpanExporter();

beforeAll(async () => {
  // LangChain would also send runs to LangSmith if the environment turned its tracing on.
  process.env['LANGSMITH_TRACING'] = 'false';
  process.env['LANGCHAIN_TRACING_V2'] = 'false';
  env = await startConformance();
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${env.vigil.key}`);
  const exporter = new OTLPTraceExporter({ url: `http://${env.vigil.otlpGrpc}`, metadata });
  provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': SERVICE }),
    spanProcessors: [new BatchSpanProcessor({ exporter }), new SimpleSpanProcessor({ exporter: recorder })],
  });
  instrumentation = new LangChainInstrumentation({ tracerProvider: provider });
  // Under ESM the require hook never sees @langchain/core: patch the module the test uses.
  instrumentation.manuallyInstrument(CallbackManagerModule);
  model = new ChatOpenAI({ model: MODEL, apiKey: LLM_KEY, maxRetries: 0, configuration: { baseURL: env.llmBaseUrl } });
});
afterAll(async () => {
  instrumentation?.disable();
  await provider?.shutdown();
  await env?.close();
});

const storedTrace = (rootName: string) =>
  storedTraceOf(env, () => recorder.getFinishedSpans(), () => provider.forceFlush(), (s) => s.name === rootName && !s.parentSpanContext);

const lookupOrder = tool(async () => JSON.stringify(TOOL_RESULT), {
  name: TOOL.name,
  description: 'Look up an order',
  schema: z.object({ orderId: z.string() }),
});

// The agent passes its config on to the model and the tool: that is how LangChain links runs.
const supportBot = RunnableLambda.from(async (question: string, config) => {
  const withTools = model.bindTools([lookupOrder]);
  const messages: BaseMessage[] = [new SystemMessage(SYSTEM), new HumanMessage(question)];
  const turn = await withTools.invoke(messages, config);
  messages.push(turn);
  for (const call of turn.tool_calls ?? []) messages.push(await lookupOrder.invoke(call, config));
  const final = await withTools.invoke(messages, config);
  return final.content as string;
}).withConfig({ runName: 'support-bot' });

describe('a chain with a tool call', () => {
  let trace: StoredTrace;
  let root: StoredSpan;
  let calls: StoredSpan[];
  beforeAll(async () => {
    expect(await supportBot.invoke(QUESTION, { metadata: { session_id: 'session-lc-1' } })).toBe(ANSWER);
    trace = await storedTrace('support-bot');
    root = spanNamed(trace.spans, 'support-bot');
    calls = spansOfType(trace.spans, 'llm');
  });

  it('stores the chain with its question and answer', () => {
    expect(root).toMatchObject({ parent_span_id: '', span_type: 'chain', service_name: SERVICE, session_id: 'session-lc-1' });
    expect(root.input_text).toBe(QUESTION);
    expect(root.output_text).toBe(ANSWER);
  });

  it('stores each ChatOpenAI call under the chain with model, tokens and cost', () => {
    // The instrumentation sends the requested model (llm.model_name from the invocation
    // parameters); the snapshot that answered appears only inside output.value.
    expectChatCalls(calls, { name: 'ChatOpenAI', parent_span_id: root.span_id, model: MODEL });
  });

  it('stores the provider of each ChatOpenAI call', () => {
    // No llm.provider or llm.system here: only ls_provider in the run's metadata names it.
    for (const call of calls) expect(call.provider).toBe('openai');
  });

  it('stores the messages: the prompt, the tool call, the tool result, the answer', () => {
    // OpenInference's LangChain instrumentation sends tool calls without their ids and tool
    // messages without tool_call_id (both only inside input.value / output.value).
    expectConversationMessages(calls, { name: TOOL.name, arguments: JSON.stringify(TOOL.arguments) });
    expect(JSON.parse(inputMessages(calls[1]!)[3]!.content)).toEqual(TOOL_RESULT);
  });

  it('stores the tool span under the chain with its name and argument', () => {
    const toolSpan = spanNamed(trace.spans, TOOL.name);
    expect(toolSpan).toMatchObject({ span_type: 'tool', parent_span_id: root.span_id, operation: 'execute_tool', tool_name: TOOL.name, cost_status: 'none' });
    // OpenInference reduces a one-field input to its value.
    expect(toolSpan.input_text).toBe('A-1');
  });

  it("stores the tool span's output as the tool's result, not LangChain's serialized ToolMessage", () => {
    // output.value is {"output": {"lc": 1, "type": "constructor", "id": [..., "ToolMessage"], "kwargs": {"content": …}}}.
    const toolSpan = spanNamed(trace.spans, TOOL.name);
    expect(JSON.parse(toolSpan.output_text)).toEqual(TOOL_RESULT);
  });

  it('sums the execution: two priced calls, one tool call', () => {
    expectConversationExecution(trace.execution, MODEL);
  });
});

describe('a streamed ChatOpenAI call', () => {
  it('stores the streamed call with its usage, cost and messages', async () => {
    let text = '';
    for await (const chunk of await model.stream(STREAM_QUESTION, { runName: 'stream-answer' })) text += chunk.content as string;
    expect(text).toBe(STREAMED_ANSWER);
    expect(env.llm.requests.at(-1)!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });

    const { spans, execution } = await storedTrace('stream-answer');
    expectStreamedCall(spanNamed(spans, 'stream-answer'), { parent_span_id: '', provider: 'openai', model: MODEL });
    expect(execution).toMatchObject({ llmCalls: 1, unpricedSpans: 0 });
  });
});

it('reached nothing beyond loopback', () => {
  expect(env.outsideAttempts).toEqual([]);
});
