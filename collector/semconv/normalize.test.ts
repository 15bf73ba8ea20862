// Precedence between conventions, explicit vigil.* attributes, and the span's own OTLP fields.
import { describe, expect, it } from 'vitest';
import { createPricing } from '../../core/pricing/index.ts';
import { otlpSpan, RESOURCE, START_NS } from './fixtures/span.ts';
import { normalizeSpan } from './normalize.ts';

const pricing = createPricing();
const usage = { 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 100 };

describe('precedence', () => {
  it('lets vigil.* attributes beat every convention', () => {
    const row = normalizeSpan(
      otlpSpan('chat', {
        'vigil.span.type': 'guardrail',
        'vigil.agent.name': 'Billing',
        'vigil.session.id': 'vs-1',
        'vigil.user.id': 'vu-1',
        'vigil.cost.usd': 0.5,
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.agent.name': 'Support',
        'gen_ai.conversation.id': 'conv-1',
        'openinference.span.kind': 'LLM',
        'user.id': 'oi-user',
        ...usage,
      }),
      pricing,
    );
    expect([row.span_type, row.agent_name, row.session_id, row.user_id]).toEqual(['guardrail', 'Billing', 'vs-1', 'vu-1']);
    expect([row.cost_usd, row.cost_status]).toEqual([0.5, 'reported']);
    expect(row.input_tokens).toBe(1000);
  });

  it('lets gen_ai.* beat OpenInference, which beats Vercel AI SDK and OpenLLMetry', () => {
    const row = normalizeSpan(
      otlpSpan('mixed', {
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.agent.name': 'GenAI agent',
        'gen_ai.tool.name': 'genai_tool',
        'gen_ai.usage.input_tokens': 10,
        'gen_ai.usage.output_tokens': 5,
        'llm.model_name': 'claude-3-5-sonnet',
        'llm.provider': 'anthropic',
        'agent.name': 'OI agent',
        'tool.name': 'oi_tool',
        'session.id': 'oi-session',
        'llm.token_count.prompt': 999,
        'ai.operationId': 'ai.toolCall',
        'ai.toolCall.name': 'vercel_tool',
        'ai.telemetry.metadata.sessionId': 'vercel-session',
        'ai.telemetry.metadata.userId': 'vercel-user',
        'traceloop.association.properties.user_id': 'traceloop-user',
      }),
      pricing,
    );
    expect(row.model).toBe('gpt-4o-mini');
    expect(row.provider).toBe('anthropic'); // gen_ai has no provider here: the next convention's
    expect([row.agent_name, row.tool_name]).toEqual(['GenAI agent', 'genai_tool']);
    expect([row.input_tokens, row.output_tokens]).toEqual([10, 5]);
    expect([row.session_id, row.user_id]).toEqual(['oi-session', 'vercel-user']);
  });

  it('takes an explicit span kind over an operation name, and an operation name over evidence', () => {
    const chain = otlpSpan('x', { 'openinference.span.kind': 'CHAIN', 'gen_ai.operation.name': 'chat', ...usage });
    expect(normalizeSpan(chain, pricing).span_type).toBe('chain');
    const embedding = otlpSpan('x', { 'gen_ai.operation.name': 'embeddings', 'gen_ai.request.model': 'text-embedding-3-small' });
    expect(normalizeSpan(embedding, pricing)).toMatchObject({ span_type: 'embedding', operation: 'embeddings' });
    const bare = otlpSpan('x', { 'gen_ai.request.model': 'gpt-4o', ...usage });
    expect(normalizeSpan(bare, pricing)).toMatchObject({ span_type: 'llm', operation: 'chat' });
    expect(normalizeSpan(otlpSpan('GET /orders', { 'http.method': 'GET' }), pricing)).toMatchObject({ span_type: 'other', operation: '' });
    const badType = otlpSpan('x', { 'vigil.span.type': 'wizard', 'traceloop.span.kind': 'tool' });
    expect(normalizeSpan(badType, pricing).span_type).toBe('tool');
  });

  it('uses a cost the span reports itself', () => {
    const oi = otlpSpan('x', { 'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o', 'llm.cost.total': 0.0123 });
    expect(normalizeSpan(oi, pricing)).toMatchObject({ cost_usd: 0.0123, cost_status: 'reported' });
    const genai = otlpSpan('x', { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.cost': 0.2, ...usage });
    expect(normalizeSpan(genai, pricing)).toMatchObject({ cost_usd: 0.2, cost_status: 'reported' });
  });

  it("marks tokens of an unknown model 'unpriced' and prices by the requested model when the answering one is unknown", () => {
    const unknown = otlpSpan('x', { 'gen_ai.request.model': 'acme-llm-7b', ...usage });
    expect(normalizeSpan(unknown, pricing)).toMatchObject({ cost_usd: 0, cost_status: 'unpriced', model: 'acme-llm-7b' });
    const azure = otlpSpan('x', { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'my-azure-deployment', ...usage });
    expect(normalizeSpan(azure, pricing)).toMatchObject({ cost_usd: 0.0035, cost_status: 'priced', model: 'my-azure-deployment' });
  });

  it('applies configured price overrides', () => {
    const custom = createPricing([
      { pattern: '^acme-llm-7b$', provider: 'self', input_per_mtok: 1, output_per_mtok: 10, effective_from: '2025-01-01', source: 'gpu cost' },
    ]);
    const row = normalizeSpan(otlpSpan('x', { 'gen_ai.request.model': 'acme-llm-7b', ...usage }), custom);
    expect(row).toMatchObject({ cost_usd: 0.002, cost_status: 'priced' });
  });
});

describe('vigil.outcome', () => {
  it('accepts the known outcomes only, keeping the attribute either way', () => {
    expect(normalizeSpan(otlpSpan('x', { 'vigil.outcome': 'resolved' }), pricing).outcome).toBe('resolved');
    const invalid = normalizeSpan(otlpSpan('x', { 'vigil.outcome': 'kinda-done' }), pricing);
    expect(invalid.outcome).toBe('');
    expect(invalid.attributes['vigil.outcome']).toBe('kinda-done');
  });
});

describe('attributes', () => {
  it('keeps unknown attributes, stringified', () => {
    const row = normalizeSpan(
      otlpSpan('x', {
        'acme.region': 'eu',
        'acme.retries': 3,
        'acme.ratio': 0.5,
        'acme.flag': true,
        'acme.tags': ['a', 'b'],
        'acme.map': { k: 1 },
        'acme.nothing': null,
        'acme.bytes': new Uint8Array([1, 2, 255]),
      }),
      pricing,
    );
    expect(row.attributes).toEqual({
      'acme.region': 'eu',
      'acme.retries': '3',
      'acme.ratio': '0.5',
      'acme.flag': 'true',
      'acme.tags': '["a","b"]',
      'acme.map': '{"k":1}',
      'acme.nothing': 'null',
      'acme.bytes': 'AQL/',
    });
  });

  it('moves bulky content into columns but keeps what a column does not show in full', () => {
    const row = normalizeSpan(
      otlpSpan('x', {
        'openinference.span.kind': 'CHAIN',
        'input.value': '{"question": "Why?", "filters": {"lang": "en"}}',
        'output.value': 'Because.',
        'gen_ai.input.messages': 'not a message list',
      }),
      pricing,
    );
    expect([row.input_text, row.output_text]).toEqual(['Why?', 'Because.']);
    expect(row.attributes['input.value']).toBe('{"question": "Why?", "filters": {"lang": "en"}}');
    expect(row.attributes['output.value']).toBeUndefined();
    expect(row.attributes['gen_ai.input.messages']).toBe('not a message list');
  });
});

describe('OTLP fields', () => {
  it('stores kind, status, times, resource, scope, events and links', () => {
    const row = normalizeSpan(
      otlpSpan(
        'x',
        {},
        {
          kind: 3,
          status: { code: 2, message: 'rate limited' },
          events: [{ timeUnixNano: START_NS + 5n, name: 'exception', attributes: { 'exception.type': 'RateLimitError', raw: new Uint8Array([0]) } }],
          links: [{ traceId: 'aa'.repeat(16), spanId: 'bb'.repeat(8), attributes: { 'link.kind': 'retry' } }],
        },
      ),
      pricing,
    );
    expect([row.kind, row.status_code, row.status_message]).toEqual(['client', 'error', 'rate limited']);
    expect([row.start_time, row.end_time, row.duration_ns]).toEqual(['1749988800000000000', '1749988801250000000', 1_250_000_000]);
    expect([row.service_name, row.resource_attributes['service.version'], row.scope_name]).toEqual(['support-agent', '1.4.2', 'test-instrumentation']);
    expect(JSON.parse(row.events)).toEqual([
      { time_unix_nano: '1749988800000000005', name: 'exception', attributes: { 'exception.type': 'RateLimitError', raw: 'AA==' } },
    ]);
    expect(JSON.parse(row.links)).toEqual([{ trace_id: 'aa'.repeat(16), span_id: 'bb'.repeat(8), attributes: { 'link.kind': 'retry' } }]);
  });

  it('never stores a negative duration and defaults unknown enum values', () => {
    const row = normalizeSpan(otlpSpan('x', {}, { kind: 9, endTimeUnixNano: START_NS - 1n }), pricing);
    expect([row.duration_ns, row.kind, row.status_code, row.events, row.links]).toEqual([0, 'unspecified', 'unset', '', '']);
    expect(row.resource_attributes).toEqual({
      'service.name': 'support-agent',
      'service.version': '1.4.2',
      'telemetry.sdk.language': 'python',
      'deployment.environment.name': RESOURCE['deployment.environment.name'],
    });
  });
});

describe('what real instrumentation libraries send', () => {
  it('keeps the tool call id of tool results (OpenInference indexed, Vercel AI SDK prompt messages)', () => {
    const oi = normalizeSpan(
      otlpSpan('ChatOpenAI', {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'gpt-4o-mini',
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.content': 'Weather in Paris?',
        'llm.input_messages.1.message.role': 'assistant',
        'llm.input_messages.1.message.tool_calls.0.tool_call.id': 'call_1',
        'llm.input_messages.1.message.tool_calls.0.tool_call.function.name': 'weather',
        'llm.input_messages.1.message.tool_calls.0.tool_call.function.arguments': '{"city":"Paris"}',
        'llm.input_messages.2.message.role': 'tool',
        'llm.input_messages.2.message.tool_call_id': 'call_1',
        'llm.input_messages.2.message.content': 'sunny',
      }),
      pricing,
    );
    expect(JSON.parse(oi.input_messages)[2]).toEqual({ role: 'tool', content: 'sunny', tool_call_id: 'call_1' });

    const vercel = normalizeSpan(
      otlpSpan('ai.generateText.doGenerate', {
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.model.id': 'gpt-4o-mini',
        'ai.prompt.messages': JSON.stringify([
          { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
          { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'weather', input: { city: 'Paris' } }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'weather', output: { type: 'text', value: 'sunny' } }] },
        ]),
        'ai.usage.inputTokens': 20,
        'ai.usage.outputTokens': 5,
      }),
      pricing,
    );
    expect(JSON.parse(vercel.input_messages)[2]).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
  });

  it('says the cost of an LLM call without token counts is unknown, not zero', () => {
    const streamed = normalizeSpan(otlpSpan('ChatOpenAI', { 'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o-mini', 'llm.provider': 'openai' }), pricing);
    expect([streamed.span_type, streamed.cost_usd, streamed.cost_status]).toEqual(['llm', 0, 'usage_unknown']);
    const counted = normalizeSpan(otlpSpan('ChatOpenAI', { 'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o-mini', 'llm.token_count.prompt': 0, 'llm.token_count.completion': 0 }), pricing);
    expect(counted.cost_status).toBe('none');
    const tool = normalizeSpan(otlpSpan('lookup', { 'openinference.span.kind': 'TOOL', 'tool.name': 'lookup' }), pricing);
    expect(tool.cost_status).toBe('none');
  });

  it('infers the provider of LangChain spans from ls_provider, else from the model name', () => {
    const langchain = (attributes: Record<string, string>) => normalizeSpan(otlpSpan('ChatModel', { 'openinference.span.kind': 'LLM', ...attributes }), pricing).provider;
    expect(langchain({ 'llm.model_name': 'my-proxy-model', metadata: '{"ls_provider": "google_vertexai", "ls_model_type": "chat"}' })).toBe('google');
    expect(langchain({ 'llm.model_name': 'claude-3-5-haiku-20241022' })).toBe('anthropic');
    expect(langchain({ 'llm.model_name': 'llama3.1:8b' })).toBe('');
    expect(langchain({ 'llm.model_name': 'gpt-4o', 'llm.provider': 'azure' })).toBe('azure.ai.openai');
  });
});

describe('hostile attributes', () => {
  it('keeps an attribute named __proto__ like any other', () => {
    const attributes: Record<string, string> = Object.create(null);
    attributes['__proto__'] = 'kept';
    attributes['acme.x'] = 'y';
    const resource: Record<string, string> = Object.create(null);
    resource['__proto__'] = 'also kept';
    const row = normalizeSpan(otlpSpan('x', attributes, { resource }), pricing);
    expect(Object.keys(row.attributes)).toEqual(['__proto__', 'acme.x']);
    expect(JSON.parse(JSON.stringify(row.attributes))).toEqual(JSON.parse('{"__proto__": "kept", "acme.x": "y"}'));
    expect(Object.keys(row.resource_attributes)).toEqual(['__proto__']);
  });

  it('keeps JSON nested thousands of levels deep as text instead of overflowing the stack', () => {
    const deep = (n: number) => `[{"role":"user","content":${'[{"type":"tool_result","content":'.repeat(n)}"x"${'}]'.repeat(n)}}]`;
    for (const key of ['gen_ai.input.messages', 'input.value', 'ai.prompt.messages', 'gen_ai.prompt', 'traceloop.entity.input']) {
      const row = normalizeSpan(otlpSpan('x', { 'ai.operationId': 'ai.generateText.doGenerate', [key]: deep(4400) }), pricing);
      expect([row.attributes[key], row.input_text].some((text) => text?.includes(deep(4400)))).toBe(true);
    }
    // Within the bound, the same shape is read as messages.
    expect(JSON.parse(normalizeSpan(otlpSpan('x', { 'gen_ai.input.messages': deep(10) }), pricing).input_messages)).toEqual([{ role: 'user', content: 'x' }]);
  });
});
