// A scripted OpenAI-compatible server on loopback. It speaks the real chat-completions protocol
// (OpenAI's /v1/chat/completions and Azure's /openai/deployments/{d}/chat/completions?api-version=),
// checks the key the way each does, and lets a script decide every reply: content, tool calls,
// status, delay, or no reply at all. A request with `stream: true` is answered with server-sent
// chunks, ending with a usage chunk only when `stream_options.include_usage` asks for one.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLlmRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined when it was not a JSON object). */
  readonly body: ChatRequestBody | undefined;
  /** Azure's deployment name, from the path. */
  readonly deployment?: string;
}

/** The fields of a chat-completions request the tests look at; the rest is kept as sent. */
export interface ChatRequestBody {
  readonly model?: string;
  readonly messages?: readonly { readonly role: string; readonly content: string; readonly tool_call_id?: string }[];
  readonly stream?: boolean;
  readonly stream_options?: { readonly include_usage?: boolean };
  readonly response_format?: { readonly type: string };
  readonly max_tokens?: number;
  readonly temperature?: number;
  readonly [field: string]: unknown;
}

export interface FakeLlmReply {
  /** The assistant message content. */
  readonly content?: string;
  /** Status code; a non-2xx status sends an OpenAI-style error body. Default 200. */
  readonly status?: number;
  /** A raw body sent as is instead of a chat completion or error. */
  readonly rawBody?: string;
  readonly delayMs?: number;
  /** Never answer (until the client gives up or the server closes). */
  readonly hang?: boolean;
  readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number };
  readonly finishReason?: string;
  /** Function calls the assistant makes (finish reason `tool_calls` unless finishReason says otherwise). */
  readonly toolCalls?: readonly FakeToolCall[];
  /** The model the response names (a dated snapshot, say); default: the requested one. */
  readonly model?: string;
}

export interface FakeToolCall {
  readonly id: string;
  readonly name: string;
  /** The arguments as JSON text. */
  readonly arguments: string;
}

export type FakeLlmScript = (request: FakeLlmRequest) => FakeLlmReply | Promise<FakeLlmReply>;

export interface FakeLlmOptions {
  /** The key the server expects (Bearer for OpenAI paths, `api-key` for Azure). None: no check. */
  readonly apiKey?: string;
}

export interface FakeLlm {
  /** Origin, e.g. http://127.0.0.1:41234; OpenAI-style clients use `${url}/v1`. */
  readonly url: string;
  readonly requests: FakeLlmRequest[];
  /** Stops listening and drops open connections, hanging ones included. Safe to call twice. */
  close(): Promise<void>;
}

const OPENAI_PATH = '/v1/chat/completions';
const AZURE_PATH = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function errorBody(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

/** Roughly four characters a token, like the providers' rule of thumb. */
function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function promptText(body: ChatRequestBody): string {
  return (body.messages ?? []).map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
}

function parseBody(raw: string): ChatRequestBody | undefined {
  try {
    const body: unknown = JSON.parse(raw);
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as ChatRequestBody) : undefined;
  } catch {
    return undefined;
  }
}

interface Completion {
  id: string;
  created: number;
  model: string;
  content: string;
  toolCalls: readonly FakeToolCall[];
  finishReason: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

const wireToolCall = (call: FakeToolCall) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } });

function assistantMessage(completion: Completion) {
  if (completion.toolCalls.length === 0) return { role: 'assistant', content: completion.content, refusal: null };
  return { role: 'assistant', content: completion.content || null, refusal: null, tool_calls: completion.toolCalls.map(wireToolCall) };
}

/** The completion as chat.completion.chunk events: role, the content in pieces, tool calls, finish, usage. */
function sendStream(res: ServerResponse, completion: Completion, includeUsage: boolean): void {
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (choices: unknown[], usage?: Completion['usage'] | null) => {
    const event = { id: completion.id, object: 'chat.completion.chunk', created: completion.created, model: completion.model, system_fingerprint: 'fp_fake', choices };
    res.write(`data: ${JSON.stringify(includeUsage ? { ...event, usage: usage ?? null } : event)}\n\n`);
  };
  const delta = (fields: Record<string, unknown>, finishReason: string | null = null) => [{ index: 0, delta: fields, logprobs: null, finish_reason: finishReason }];
  chunk(delta({ role: 'assistant', content: '', refusal: null }));
  for (const piece of completion.content.match(/.{1,8}/gs) ?? []) chunk(delta({ content: piece }));
  completion.toolCalls.forEach((call, index) => chunk(delta({ tool_calls: [{ index, ...wireToolCall(call) }] })));
  chunk(delta({}, completion.finishReason));
  if (includeUsage) chunk([], completion.usage);
  res.end('data: [DONE]\n\n');
}

export async function startFakeLlm(script: FakeLlmScript, options: FakeLlmOptions = {}): Promise<FakeLlm> {
  const requests: FakeLlmRequest[] = [];
  let sequence = 0;

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const azure = AZURE_PATH.exec(url.pathname);
    const body = parseBody(Buffer.concat(chunks).toString('utf8'));
    const request: FakeLlmRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      ...(azure ? { deployment: decodeURIComponent(azure[1]!) } : {}),
    };
    requests.push(request);

    if (req.method !== 'POST' || (!azure && url.pathname !== OPENAI_PATH)) {
      return sendJson(res, 404, errorBody(`Unknown request URL: ${req.method} ${url.pathname}`, 'invalid_request_error', 'unknown_url'));
    }
    if (azure && !url.searchParams.get('api-version')) {
      return sendJson(res, 404, { error: { code: '404', message: 'Resource not found' } });
    }
    if (options.apiKey !== undefined) {
      const given = azure ? req.headers['api-key'] : req.headers.authorization?.replace(/^Bearer /, '');
      // Real services mask the key in this message; a careless proxy may not. Echo it whole so
      // that tests can check the client never passes it on.
      if (given !== options.apiKey) return sendJson(res, 401, errorBody(`Incorrect API key provided: ${String(given)}.`, 'invalid_request_error', 'invalid_api_key'));
    }
    if (body === undefined) return sendJson(res, 400, errorBody('We could not parse the JSON body of your request.', 'invalid_request_error', null));

    const reply = await script(request);
    if (reply.hang) return; // the socket stays open until the client aborts or close()
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    const status = reply.status ?? 200;
    if (reply.rawBody !== undefined) return sendJson(res, status, reply.rawBody);
    if (status < 200 || status >= 300) return sendJson(res, status, errorBody(reply.content ?? 'The server had an error while processing your request.', 'server_error', null));

    const content = reply.content ?? '';
    const usage = reply.usage ?? { prompt_tokens: estimateTokens(promptText(body)), completion_tokens: estimateTokens(content) };
    sequence += 1;
    const completion: Completion = {
      id: `chatcmpl-fake${sequence}`,
      created: Math.floor(Date.now() / 1000),
      model: reply.model ?? (azure ? decodeURIComponent(azure[1]!) : String(body.model)),
      content,
      toolCalls: reply.toolCalls ?? [],
      finishReason: reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop'),
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    };
    if (body.stream === true) return sendStream(res, completion, body.stream_options?.include_usage === true);
    sendJson(res, status, {
      id: completion.id,
      object: 'chat.completion',
      created: completion.created,
      model: completion.model,
      choices: [{ index: 0, message: assistantMessage(completion), logprobs: null, finish_reason: completion.finishReason }],
      usage: completion.usage,
      system_fingerprint: 'fp_fake',
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close() {
      if (!server.listening) return Promise.resolve();
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
