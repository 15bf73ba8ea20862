// OpenLLMetry's SDK (`@traceloop/node-server-sdk` 0.27) as its users run it: `initialize` starts its
// own OpenTelemetry SDK 2.x (NodeSDK) with its OTLP/HTTP protobuf exporter 0.203, instruments the
// `openai` 6 client, and withAgent/withTool record the agent and the tool; against a scripted
// OpenAI-compatible server and a real Vigil. It needs @opentelemetry/api below 1.10, hence this
// package folder (an npm workspace) with its own copy.
import { trace } from '@opentelemetry/api';
import * as traceloop from '@traceloop/node-server-sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredSpan } from '../../../core/spans/repository.ts';
import {
  ANSWER, LLM_KEY, QUESTION, RESPONSE_MODEL, STREAMED_ANSWER, STREAM_QUESTION, TOOL, TOOL_RESULT,
  expectChatCalls, expectConversationExecution, expectConversationMessages, expectToolResultMessage, inputMessages, outputMessages,
} from '../conversation.ts';
import { spanNamed, spansOfType, startConformance, type Conformance, type StoredTrace } from '../harness.ts';
import { answerWithTool, streamAnswer } from '../openai-client.ts';

const SERVICE = 'conformance-traceloop-sdk';
const AGENT = 'support-bot';
let env: Conformance;
let client: OpenAI;

beforeAll(async () => {
  env = await startConformance();
  // NodeSDK otherwise starts an OTLP log exporter for localhost:4318 (and a metric reader when the
  // environment asks for one): this test sends traces to its own Vigil only.
  process.env['OTEL_LOGS_EXPORTER'] = 'none';
  process.env['OTEL_METRICS_EXPORTER'] = 'none';
  traceloop.initialize({
    appName: SERVICE,
    // The SDK sends to `${baseUrl}/v1/traces`; headers instead of apiKey keep its Traceloop API
    // client and image uploader off, and traceloopSyncEnabled: false its prompt-registry polling.
    baseUrl: env.vigil.otlpHttp.replace(/\/v1\/traces$/, ''),
    headers: { authorization: `Bearer ${env.vigil.key}` },
    traceloopSyncEnabled: false,
    silenceInitializationMessage: true,
    // The SDK's types name the CommonJS build of `openai`; the class is the same at run time.
    instrumentModules: { openAI: OpenAI as never },
  });
  client = new OpenAI({ baseURL: env.llmBaseUrl, apiKey: LLM_KEY, maxRetries: 0 });
});
// The SDK offers no shutdown: its spans are flushed after each run, and the test process ends.
afterAll(async () => {
  await env?.close();
});

/** Runs `fn` as a Traceloop agent and reads back the stored trace. */
async function asAgent(question: string, fn: () => Promise<string>): Promise<{ result: string; trace: StoredTrace }> {
  let traceId = '';
  const result: string = await traceloop.withAgent({ name: AGENT, conversationId: 'conversation-tl-1', inputParameters: [question] }, () => {
    traceId = trace.getActiveSpan()!.spanContext().traceId;
    return fn();
  });
  await traceloop.forceFlush();
  return { result, trace: await env.readTrace(traceId) };
}

const lookupOrder = (args: unknown) => traceloop.withTool({ name: TOOL.name, inputParameters: [args] }, async () => TOOL_RESULT);

describe('an agent with a tool call', () => {
  let stored: StoredTrace;
  let root: StoredSpan;
  let calls: StoredSpan[];
  beforeAll(async () => {
    const run = await asAgent(QUESTION, () => answerWithTool(client, lookupOrder));
    expect(run.result).toBe(ANSWER);
    stored = run.trace;
    root = spanNamed(stored.spans, `${AGENT}.agent`);
    calls = spansOfType(stored.spans, 'llm');
  });

  it('stores the agent span with its name, conversation, question and answer', () => {
    expect(root).toMatchObject({ parent_span_id: '', span_type: 'agent', agent_name: AGENT, session_id: 'conversation-tl-1', service_name: SERVICE });
    expect(root.input_text).toContain(QUESTION);
    expect(root.output_text).toBe(ANSWER);
  });

  it('stores each chat completion under the agent with provider, response model, tokens and cost', () => {
    expectChatCalls(calls, { parent_span_id: root.span_id, provider: 'openai', model: RESPONSE_MODEL, agent_name: AGENT, session_id: 'conversation-tl-1' });
  });

  it('stores the messages: the prompt, the tool call with its id, the tool result tied to it, the answer', () => {
    expectConversationMessages(calls);
    expectToolResultMessage(calls);
  });

  it('stores the tool span under the agent with its name, input and result', () => {
    const toolSpan = spanNamed(stored.spans, `${TOOL.name}.tool`);
    expect(toolSpan).toMatchObject({ span_type: 'tool', parent_span_id: root.span_id, tool_name: TOOL.name, cost_status: 'none' });
    expect(toolSpan.input_text).toContain('A-1');
    expect(JSON.parse(toolSpan.output_text)).toEqual(TOOL_RESULT);
  });

  it('sums the execution: two priced calls, one tool call', () => {
    expect(stored.execution.agentName).toBe(AGENT);
    expectConversationExecution(stored.execution);
  });
});

describe('a streamed chat completion', () => {
  it('stores the streamed call with tokens, which the SDK counts itself (enrichTokens, on by default)', async () => {
    const run = await asAgent(STREAM_QUESTION, () => streamAnswer(client));
    expect(run.result).toBe(STREAMED_ANSWER);
    const [call] = spansOfType(run.trace.spans, 'llm');
    expect(call).toMatchObject({ parent_span_id: spanNamed(run.trace.spans, `${AGENT}.agent`).span_id, provider: 'openai', model: RESPONSE_MODEL, cost_status: 'priced' });
    // js-tiktoken estimates from the text, not the usage chunk the server sent.
    expect(call!.input_tokens).toBeGreaterThan(0);
    expect(call!.output_tokens).toBeGreaterThan(0);
    expect(inputMessages(call!)).toEqual([{ role: 'user', content: STREAM_QUESTION }]);
    expect(outputMessages(call!)).toEqual([{ role: 'assistant', content: STREAMED_ANSWER }]);
  });
});

it('reached nothing beyond loopback', () => {
  expect(env.outsideAttempts).toEqual([]);
});
