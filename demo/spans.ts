// Span descriptions: what one execution looks like as plain data (names, times, attributes,
// errors, children), and a recorder that lays LLM calls, tool calls and retrievals out on a clock
// with the attributes Vigil's normalizer reads (OTel GenAI gen_ai.*, OpenInference retrieval.*).
import type { Random } from './random.ts';

export type AttributeValue = string | number | boolean | string[];

export interface SpanDescription {
  name: string;
  kind: 'internal' | 'client';
  /** Milliseconds since the epoch. */
  startMs: number;
  endMs: number;
  attributes: Record<string, AttributeValue>;
  /** Sets error status; with `exception`, also an exception event (span.recordException). */
  error?: { message: string; exception?: { type: string; message: string } };
  children: SpanDescription[];
}

export interface Execution {
  /** The resource's service.name. */
  service: string;
  agent: string;
  root: SpanDescription;
}

export interface Model {
  provider: string;
  request: string;
  response: string;
  firstTokenMs: number;
  msPerOutputToken: number;
  /** The provider caches long prompt prefixes (OpenAI, Anthropic, Gemini). */
  caches: boolean;
}

export const MODELS = {
  gpt4o: { provider: 'openai', request: 'gpt-4o', response: 'gpt-4o-2024-08-06', firstTokenMs: 450, msPerOutputToken: 11, caches: true },
  gpt4oMini: { provider: 'openai', request: 'gpt-4o-mini', response: 'gpt-4o-mini-2024-07-18', firstTokenMs: 300, msPerOutputToken: 6, caches: true },
  sonnet4: { provider: 'anthropic', request: 'claude-sonnet-4', response: 'claude-sonnet-4-20250514', firstTokenMs: 700, msPerOutputToken: 13, caches: true },
  haiku35: { provider: 'anthropic', request: 'claude-3-5-haiku', response: 'claude-3-5-haiku-20241022', firstTokenMs: 400, msPerOutputToken: 7, caches: true },
  geminiFlash: { provider: 'google', request: 'gemini-2.0-flash', response: 'gemini-2.0-flash-001', firstTokenMs: 350, msPerOutputToken: 5, caches: false },
  // Served in-house with vLLM: no public price, so Vigil shows its cost as unpriced.
  selfHosted: { provider: 'vllm', request: 'acme-llama-3.1-70b-logistics', response: 'acme-llama-3.1-70b-logistics', firstTokenMs: 900, msPerOutputToken: 22, caches: false },
} as const satisfies Record<string, Model>;

export interface ToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export type Message =
  | { role: 'system' | 'user'; text: string }
  | { role: 'assistant'; text?: string; calls?: ToolCall[] }
  | { role: 'tool'; callId: string; result: unknown };

export function tokensOf(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** OTel GenAI message parts (gen_ai.input.messages / gen_ai.output.messages). */
export function partsJson(messages: readonly Message[]): string {
  return JSON.stringify(
    messages.map((m) => {
      if (m.role === 'tool') return { role: 'tool', parts: [{ type: 'tool_call_response', id: m.callId, response: m.result }] };
      if (m.role === 'assistant') {
        const parts: unknown[] = m.text ? [{ type: 'text', content: m.text }] : [];
        for (const call of m.calls ?? []) parts.push({ type: 'tool_call', id: call.id, name: call.name, arguments: call.args });
        return { role: 'assistant', parts };
      }
      return { role: m.role, parts: [{ type: 'text', content: m.text }] };
    }),
  );
}

function messageTokens(messages: readonly Message[]): number {
  return messages.reduce((sum, m) => sum + tokensOf(m.role === 'tool' ? JSON.stringify(m.result) : m.role === 'assistant' ? (m.text ?? '') + JSON.stringify(m.calls ?? []) : m.text), 0);
}

/** Lays spans out one after another on a clock that starts at the execution's start. */
export class Recorder {
  readonly children: SpanDescription[] = [];
  now: number;
  private callCount = 0;

  readonly random: Random;
  readonly startMs: number;
  /** Multiplies every latency: >1 makes this execution slower (drift). */
  readonly slowdown: number;

  constructor(random: Random, startMs: number, slowdown = 1) {
    this.random = random;
    this.startMs = startMs;
    this.slowdown = slowdown;
    this.now = startMs;
  }

  /** Time spent in the agent's own code between steps. */
  pause(medianMs: number): void {
    this.now += this.random.latency(medianMs, 0.5);
  }

  callId(): string {
    this.callCount++;
    return `call_${this.random.hex(8)}${this.callCount}`;
  }

  llm(model: Model, options: { system: string; input: Message[]; output: Message; systemTokens?: number; temperature?: number }): SpanDescription {
    const { random } = this;
    const input: Message[] = [{ role: 'system', text: options.system }, ...options.input];
    const inputTokens = (options.systemTokens ?? 0) + messageTokens(input);
    const outputTokens = messageTokens([options.output]) + random.int(2, 12);
    const base: Record<string, AttributeValue> = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': model.provider,
      'gen_ai.request.model': model.request,
      'gen_ai.request.temperature': options.temperature ?? 0.2,
      'gen_ai.input.messages': partsJson(input),
    };
    // A provider's rate limit now and then: the SDK gets a 429, backs off, and retries.
    if (model.provider !== 'vllm' && random.chance(0.015)) {
      const failedStart = this.now;
      this.now += random.latency(250);
      this.children.push({
        name: `chat ${model.request}`,
        kind: 'client',
        startMs: failedStart,
        endMs: this.now,
        attributes: { ...base, 'error.type': '429', 'http.response.status_code': 429 },
        error: {
          message: '429 Too Many Requests',
          exception: {
            type: 'RateLimitError',
            message: `Rate limit reached for ${model.request} on tokens per min (TPM): Limit 450000, Used 449120, Requested ${inputTokens}. Please try again in ${random.int(1, 9)}s.`,
          },
        },
        children: [],
      });
      this.now += random.int(1000, 6000);
    }
    const cached = model.caches && (options.systemTokens ?? 0) >= 1024 && random.chance(0.65) ? Math.floor((options.systemTokens ?? 0) / 128) * 128 : 0;
    let duration = (random.latency(model.firstTokenMs) + outputTokens * random.latency(model.msPerOutputToken, 0.2)) * this.slowdown;
    if (random.chance(0.006)) duration *= random.int(6, 14); // the provider's slow tail
    const start = this.now;
    this.now += duration;
    const finish = options.output.role === 'assistant' && options.output.calls?.length ? 'tool_calls' : 'stop';
    const span: SpanDescription = {
      name: `chat ${model.request}`,
      kind: 'client',
      startMs: start,
      endMs: this.now,
      attributes: {
        ...base,
        'gen_ai.response.model': model.response,
        'gen_ai.response.id': `resp_${random.hex(16)}`,
        'gen_ai.response.finish_reasons': [finish],
        'gen_ai.usage.input_tokens': inputTokens,
        'gen_ai.usage.output_tokens': outputTokens,
        ...(cached > 0 ? { 'gen_ai.usage.cache_read.input_tokens': cached } : {}),
        'gen_ai.output.messages': partsJson([options.output]),
      },
      children: [],
    };
    this.children.push(span);
    return span;
  }

  tool(call: ToolCall, result: unknown, options: { medianMs: number; timeoutMs?: number }): SpanDescription {
    const { random } = this;
    const start = this.now;
    let duration = random.latency(options.medianMs, 0.5) * this.slowdown;
    if (random.chance(0.005)) duration *= random.int(5, 10);
    const attributes: Record<string, AttributeValue> = {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': call.name,
      'gen_ai.tool.call.id': call.id,
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.call.arguments': JSON.stringify(call.args),
    };
    let error: SpanDescription['error'];
    if (options.timeoutMs !== undefined) {
      duration = options.timeoutMs + random.int(2, 40);
      error = { message: `${call.name} timed out`, exception: { type: 'TimeoutError', message: `${call.name} did not answer within ${options.timeoutMs / 1000}s` } };
      attributes['error.type'] = 'TimeoutError';
    } else {
      attributes['gen_ai.tool.call.result'] = JSON.stringify(result);
    }
    this.now += duration;
    const span: SpanDescription = { name: `execute_tool ${call.name}`, kind: 'internal', startMs: start, endMs: this.now, attributes, children: [], ...(error ? { error } : {}) };
    this.children.push(span);
    return span;
  }

  /** An embedding of the query, then an OpenInference retriever span with ranked documents. */
  retrieve(name: string, query: string, documents: readonly { id: string; content: string; score: number }[]): SpanDescription {
    const { random } = this;
    const start = this.now;
    const embedStart = this.now;
    this.now += random.latency(90);
    const embedding: SpanDescription = {
      name: 'embeddings text-embedding-3-small',
      kind: 'client',
      startMs: embedStart,
      endMs: this.now,
      attributes: {
        'gen_ai.operation.name': 'embeddings',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'text-embedding-3-small',
        'gen_ai.usage.input_tokens': tokensOf(query),
      },
      children: [],
    };
    this.now += random.latency(45) * this.slowdown;
    const attributes: Record<string, AttributeValue> = { 'openinference.span.kind': 'RETRIEVER', 'input.value': query };
    documents.forEach((doc, i) => {
      attributes[`retrieval.documents.${i}.document.id`] = doc.id;
      attributes[`retrieval.documents.${i}.document.content`] = doc.content;
      attributes[`retrieval.documents.${i}.document.score`] = doc.score;
    });
    const span: SpanDescription = { name, kind: 'internal', startMs: start, endMs: this.now, attributes, children: [embedding] };
    this.children.push(span);
    return span;
  }

  /** The root agent span around everything recorded so far. */
  finish(agent: string, attributes: Record<string, AttributeValue>, error?: SpanDescription['error']): SpanDescription {
    this.pause(15);
    return {
      name: `invoke_agent ${agent}`,
      kind: 'internal',
      startMs: this.startMs,
      endMs: this.now,
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent, ...attributes },
      children: this.children,
      ...(error ? { error } : {}),
    };
  }
}

export function countSpans(span: SpanDescription): number {
  return 1 + span.children.reduce((sum, child) => sum + countSpans(child), 0);
}
