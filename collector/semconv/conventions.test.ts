// Each fixture (one per instrumentation style) maps to the facts a user sees on the span.
import { describe, expect, it } from 'vitest';
import { createPricing } from '../../core/pricing/index.ts';
import type { OtlpSpan } from '../otlp/model.ts';
import * as genai from './fixtures/genai-current.ts';
import * as deprecated from './fixtures/genai-deprecated.ts';
import * as oi from './fixtures/openinference.ts';
import * as tl from './fixtures/openllmetry.ts';
import * as vercel from './fixtures/vercel-ai.ts';
import { normalizeSpan } from './normalize.ts';

const pricing = createPricing();

type Expected = [
  span: OtlpSpan,
  type: string,
  agent: string,
  provider: string,
  model: string,
  tokens: [input: number, output: number, cached: number, reasoning: number],
  cost: number,
  status: string,
];

// Costs by hand, rates in US$ per million tokens (input / cached input / output):
const cases: Record<string, Expected> = {
  // gpt-4o 2.50 / 1.25 / 10: 600 × 2.5 + 400 × 1.25 + 500 × 10 = 7000
  'GenAI chat': [genai.chatGpt4o, 'llm', '', 'openai', 'gpt-4o-2024-08-06', [1000, 500, 400, 0], 0.007, 'priced'],
  // o4-mini 1.10 / 4.40; reasoning is inside output: 2000 × 1.1 + 1500 × 4.4 = 8800
  'GenAI reasoning': [genai.chatO4MiniReasoning, 'llm', '', 'openai', 'o4-mini-2025-04-16', [2000, 1500, 0, 1200], 0.0088, 'priced'],
  'GenAI agent': [genai.invokeAgent, 'agent', 'Support Agent', 'openai', '', [0, 0, 0, 0], 0, 'none'],
  'GenAI tool': [genai.executeTool, 'tool', '', '', '', [0, 0, 0, 0], 0, 'none'],
  // sonnet 4.5 3 / 0.30 / 15, cache write 3.75: 200 × 3 + 800 × 0.3 + 200 × 3.75 + 300 × 15 = 6090
  'GenAI Anthropic': [genai.anthropicCached, 'llm', '', 'anthropic', 'claude-sonnet-4-5-20250929', [1200, 300, 800, 0], 0.00609, 'priced'],
  // input 200 excludes the 800 read: 200 × 3 + 800 × 0.3 + 300 × 15 = 5340
  'GenAI Anthropic raw': [genai.anthropicRawCounts, 'llm', '', 'anthropic', 'claude-sonnet-4-5-20250929', [1000, 300, 800, 0], 0.00534, 'priced'],
  // gpt-4o-mini 0.15 / 0.60: 52 × 0.15 + 9 × 0.6 = 13.2
  'GenAI events': [genai.eventContent, 'llm', '', 'openai', 'gpt-4o-mini', [52, 9, 0, 0], 0.0000132, 'priced'],
  // gpt-4o-mini 0.15 / 0.075 / 0.60: 338 × 0.15 + 512 × 0.075 + 120 × 0.6 = 161.1
  'OpenLLMetry OpenAI': [deprecated.openllmetryOpenAiChat, 'llm', '', 'openai', 'gpt-4o-mini-2024-07-18', [850, 120, 512, 0], 0.0001611, 'priced'],
  // haiku 3.5 0.80 / 0.08 / 4: 500 × 0.8 + 1000 × 0.08 + 80 × 4 = 800
  'OpenLLMetry Anthropic': [deprecated.openllmetryAnthropicChat, 'llm', '', 'anthropic', 'claude-3-5-haiku-20241022', [1500, 80, 1000, 0], 0.0008, 'priced'],
  'OpenInference agent': [oi.langchainAgent, 'agent', 'AgentExecutor', '', '', [0, 0, 0, 0], 0, 'none'],
  'OpenInference LLM': [oi.langchainLlm, 'llm', '', 'openai', 'gpt-4o-2024-08-06', [1000, 500, 400, 200], 0.007, 'priced'],
  'OpenInference retriever': [oi.llamaIndexRetriever, 'retriever', '', '', '', [0, 0, 0, 0], 0, 'none'],
  'OpenInference tool': [oi.langchainTool, 'tool', '', '', '', [0, 0, 0, 0], 0, 'none'],
  'OpenInference chain': [oi.llamaIndexChain, 'chain', '', '', '', [0, 0, 0, 0], 0, 'none'],
  // The wrapper's 2100/180 tokens are the sum of its calls: kept in attributes, not costed twice.
  'Vercel generateText': [vercel.generateText, 'agent', 'support-bot', 'openai', 'gpt-4o', [0, 0, 0, 0], 0, 'none'],
  // gpt-4o: 1000 × 2.5 + 60 × 10 = 3100
  'Vercel doGenerate': [vercel.doGenerate, 'llm', 'support-bot', 'openai', 'gpt-4o-2024-08-06', [1000, 60, 0, 0], 0.0031, 'priced'],
  'Vercel toolCall': [vercel.toolCall, 'tool', 'support-bot', '', '', [0, 0, 0, 0], 0, 'none'],
  // v5 + Anthropic: 50 fresh + 2000 read: 50 × 3 + 2000 × 0.3 + 100 × 15 = 2250
  'Vercel v5 Anthropic': [vercel.anthropicDoGenerateV5, 'llm', '', 'anthropic', 'claude-sonnet-4-5', [2050, 100, 2000, 0], 0.00225, 'priced'],
  'OpenLLMetry workflow': [tl.workflow, 'chain', '', '', '', [0, 0, 0, 0], 0, 'none'],
  'OpenLLMetry task': [tl.task, 'chain', '', '', '', [0, 0, 0, 0], 0, 'none'],
  'OpenLLMetry agent': [tl.agent, 'agent', 'support_agent', '', '', [0, 0, 0, 0], 0, 'none'],
  'OpenLLMetry tool': [tl.tool, 'tool', '', '', '', [0, 0, 0, 0], 0, 'none'],
};

describe('fixtures map to span facts', () => {
  it.each(Object.entries(cases))('%s', (_, [span, type, agent, provider, model, tokens, cost, status]) => {
    const row = normalizeSpan(span, pricing);
    expect(row.span_type).toBe(type);
    expect(row.agent_name).toBe(agent);
    expect(row.provider).toBe(provider);
    expect(row.model).toBe(model);
    expect([row.input_tokens, row.output_tokens, row.cached_tokens, row.reasoning_tokens]).toEqual(tokens);
    expect(row.cost_usd).toBeCloseTo(cost, 12);
    expect(row.cost_status).toBe(status);
  });
});

describe('text, messages, tools and documents', () => {
  it('renders an LLM prompt as role lines and the completion as text', () => {
    const row = normalizeSpan(genai.chatGpt4o, pricing);
    expect(row.input_text).toBe(
      'system: You are a support agent for ACME.\nuser: Where is my order 42?\nassistant: get_order({"order_id":"42"})\ntool: {"status":"shipped"}',
    );
    expect(row.output_text).toBe('Your order 42 has shipped.');
    expect(JSON.parse(row.input_messages)[2]).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [{ id: 'call_1', name: 'get_order', arguments: '{"order_id":"42"}' }],
    });
    expect(row.session_id).toBe('conv_5j66UpCpwteGg4YSxUnt7lPY');
  });

  it('gives an agent its question and answer', () => {
    for (const span of [genai.invokeAgent, oi.langchainAgent, tl.agent, vercel.generateText]) {
      const row = normalizeSpan(span, pricing);
      expect([row.input_text, row.output_text]).toEqual(['Where is my order 42?', 'Your order 42 has shipped.']);
    }
  });

  it('gives a tool its name, call id, arguments and result', () => {
    const genaiTool = normalizeSpan(genai.executeTool, pricing);
    expect([genaiTool.tool_name, genaiTool.tool_call_id, genaiTool.input_text, genaiTool.output_text]).toEqual([
      'get_order',
      'call_1',
      '{"order_id":"42"}',
      '{"status":"shipped","carrier":"UPS"}',
    ]);
    const vercelTool = normalizeSpan(vercel.toolCall, pricing);
    expect([vercelTool.tool_name, vercelTool.tool_call_id, vercelTool.output_text]).toEqual(['get_order', 'call_1', '{"status":"shipped"}']);
    expect(normalizeSpan(oi.langchainTool, pricing).input_text).toBe('{"order_id": "42"}');
    const traceloopTool = normalizeSpan(tl.tool, pricing);
    expect([traceloopTool.tool_name, traceloopTool.input_text]).toEqual(['get_order', '{"order_id":"42"}']);
  });

  it('keeps retrieved documents in rank order with the query as input', () => {
    const row = normalizeSpan(oi.llamaIndexRetriever, pricing);
    expect(row.input_text).toBe('shipping policy for international orders');
    expect(row.documents).toEqual(['International orders ship within 5 business days.', 'Customs fees are paid by the recipient.']);
    expect(row.attributes['retrieval.documents.0.document.id']).toBe('doc-17');
    expect(row.attributes['retrieval.documents.0.document.content']).toBeUndefined();
  });

  it('reads OpenLLMetry indexed prompts with tool calls and Anthropic content blocks', () => {
    const openai = normalizeSpan(deprecated.openllmetryOpenAiChat, pricing);
    expect(JSON.parse(openai.input_messages)).toHaveLength(4);
    expect([openai.session_id, openai.user_id]).toEqual(['sess-81', 'user-7']);
    const anthropic = normalizeSpan(deprecated.openllmetryAnthropicChat, pricing);
    expect(anthropic.input_text).toBe('user: Cancel order 42.');
    expect(JSON.parse(anthropic.output_messages)[0].tool_calls).toEqual([
      { id: 'toolu_01', name: 'cancel_order', arguments: '{"order_id": "42"}' },
    ]);
  });

  it('shows tool calls as the output of an LLM call that only called tools', () => {
    expect(normalizeSpan(oi.langchainLlm, pricing).output_text).toBe('get_order({"order_id": "42"})');
    expect(normalizeSpan(vercel.doGenerate, pricing).output_text).toBe('get_order({"order_id":"42"})');
  });

  it('reads sessions and users from each convention', () => {
    const ids = (span: OtlpSpan) => {
      const row = normalizeSpan(span, pricing);
      return [row.session_id, row.user_id];
    };
    expect(ids(oi.langchainAgent)).toEqual(['sess-oi-1', 'user-oi-9']);
    expect(ids(vercel.doGenerate)).toEqual(['sess-v-3', 'user-v-5']);
    expect(ids(tl.workflow)).toEqual(['sess-tl-2', 'user-tl-4']);
  });
});
