// OpenInference (`@arizeai/openinference-instrumentation-openai` 4.2 on the `openai` 6 client, with
// `@arizeai/openinference-core`'s traceAgent/traceTool for the agent and the tool), the
// OpenTelemetry SDK 3 and the OTLP/HTTP JSON exporter, against a scripted OpenAI-compatible server
// and a real Vigil.
import { getToolAttributes, traceAgent, traceTool } from '@arizeai/openinference-core';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { context, trace as otelTrace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredSpan } from '../../core/spans/repository.ts';
import {
  ANSWER, LLM_KEY, MODEL, QUESTION, RESPONSE_MODEL, STREAMED_ANSWER, STREAM_QUESTION, TOOL, TOOL_RESULT,
  expectChatCalls, expectConversationExecution, expectConversationMessages, expectToolResultMessage, expectUsageUnknown, inputMessages, outputMessages,
} from './conversation.ts';
import { spanNamed, spansOfType, startConformance, type Conformance, type StoredTrace } from './harness.ts';
import { LOOKUP_TOOL, answerWithTool, streamAnswer } from './openai-client.ts';

const SERVICE = 'conformance-openinference-openai';
let env: Conformance;
let provider: TracerProvider;
let instrumentation: OpenAIInstrumentation;
let client: OpenAI;

beforeAll(async () => {
  env = await startConformance();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter = new OTLPTraceExporter({ url: env.vigil.otlpHttp, headers: { authorization: `Bearer ${env.vigil.key}` } });
  provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': SERVICE }), spanProcessors: [new BatchSpanProcessor({ exporter })] });
  instrumentation = new OpenAIInstrumentation({ tracerProvider: provider });
  // Under ESM the require hook never sees `openai`: patch the class the test uses.
  instrumentation.manuallyInstrument({ OpenAI } as never);
  client = new OpenAI({ baseURL: env.llmBaseUrl, apiKey: LLM_KEY, maxRetries: 0 });
});
afterAll(async () => {
  instrumentation?.disable();
  await provider?.shutdown();
  context.disable();
  await env?.close();
});

/** Runs `fn` under an OpenInference AGENT span and reads back the stored trace. */
async function asAgent(fn: () => Promise<string>): Promise<{ result: string; trace: StoredTrace }> {
  let traceId = '';
  const agent = traceAgent(
    async (_question: string) => {
      traceId = otelTrace.getActiveSpan()!.spanContext().traceId;
      return fn();
    },
    { name: 'support-bot', tracer: provider.getTracer('support-agent') },
  );
  const result = await agent(QUESTION);
  await provider.forceFlush();
  return { result, trace: await env.readTrace(traceId) };
}

describe('chat completions with a tool call', () => {
  let trace: StoredTrace;
  let root: StoredSpan;
  let calls: StoredSpan[];
  beforeAll(async () => {
    const lookupOrder = traceTool(async (_args: unknown) => TOOL_RESULT, {
      name: TOOL.name,
      tracer: provider.getTracer('support-agent'),
      attributes: getToolAttributes({ name: TOOL.name, description: 'Look up an order', parameters: LOOKUP_TOOL.function.parameters! }),
    });
    // traceTool records every argument as input.value: pass the tool its arguments only.
    const run = await asAgent(() => answerWithTool(client, (args) => lookupOrder(args)));
    expect(run.result).toBe(ANSWER);
    trace = run.trace;
    root = spanNamed(trace.spans, 'support-bot');
    calls = spansOfType(trace.spans, 'llm');
  });

  it('stores the agent span with its input and output', () => {
    expect(root).toMatchObject({ parent_span_id: '', span_type: 'agent', agent_name: 'support-bot', service_name: SERVICE });
    expect(root.input_text).toBe(QUESTION);
    expect(root.output_text).toBe(ANSWER);
  });

  it('stores each chat completion under the agent with provider, response model, tokens and cost', () => {
    expectChatCalls(calls, { name: 'OpenAI Chat Completions', parent_span_id: root.span_id, provider: 'openai', model: RESPONSE_MODEL });
  });

  it('stores the messages: the prompt, the tool call with its id, the answer', () => {
    expectConversationMessages(calls);
  });

  it('stores the tool result sent back as a tool message tied to its call (message.tool_call_id)', () => {
    expectToolResultMessage(calls);
  });

  it('stores the tool span under the agent with its name, arguments and result', () => {
    const toolSpan = spanNamed(trace.spans, TOOL.name);
    expect(toolSpan).toMatchObject({ span_type: 'tool', parent_span_id: root.span_id, operation: 'execute_tool', tool_name: TOOL.name, cost_status: 'none' });
    expect(JSON.parse(toolSpan.input_text)).toEqual(TOOL.arguments);
    expect(JSON.parse(toolSpan.output_text)).toEqual(TOOL_RESULT);
  });

  it('sums the execution: two priced calls, one tool call', () => {
    expect(trace.execution.agentName).toBe('support-bot');
    expectConversationExecution(trace.execution);
  });
});

describe('a streamed chat completion', () => {
  // OpenInference 4.2 records the streamed text but skips the usage chunk, even when the client asks
  // for one: the span reaches Vigil with no token counts (and the requested model only).
  let trace: StoredTrace;
  let call: StoredSpan;
  beforeAll(async () => {
    const run = await asAgent(() => streamAnswer(client));
    expect(run.result).toBe(STREAMED_ANSWER);
    trace = run.trace;
    call = spanNamed(trace.spans, 'OpenAI Chat Completions');
  });

  it('stores the streamed call under the agent with its model and messages', () => {
    expect(call).toMatchObject({ span_type: 'llm', parent_span_id: spanNamed(trace.spans, 'support-bot').span_id, provider: 'openai', model: MODEL });
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
