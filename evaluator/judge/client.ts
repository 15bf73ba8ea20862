// One judgement over the chat-completions protocol, from OpenAI, Azure OpenAI or any compatible
// server (Ollama, vLLM, LiteLLM). The result is a value, never an exception: a failing, slow or
// confused judge yields `unknown` with an error that names the endpoint and never the key.
import { z } from 'zod';
import { costOf, createPricing, type PriceEntry, type Pricing } from '../../core/pricing/index.ts';
import { buildJudgeRequest, type JudgeInput } from './prompt.ts';
import { resolveApiKey, type JudgeSettings } from './settings.ts';
import { parseJudgeReply, type ParsedVerdict, type JudgeClaim } from './verdict.ts';

export interface JudgeOutcome {
  readonly status: 'judged' | 'unknown';
  readonly verdict?: 'grounded' | 'unsupported';
  readonly reasons: readonly string[];
  readonly unsupportedClaims: readonly JudgeClaim[];
  /** The judge's confidence in its verdict, when it gave one. */
  readonly confidence?: number;
  /** The configured model (for Azure, the deployment). */
  readonly model: string;
  readonly latencyMs: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Null when the model's price is unknown (neither `price` in the settings nor the price table). */
  readonly costUsd: number | null;
  readonly error?: string;
}

export interface Judge {
  readonly model: string;
  judge(input: JudgeInput): Promise<JudgeOutcome>;
}

export interface JudgeDeps {
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  /** Where `apiKeyEnv` is looked up, at each call. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Prices with the configured overrides. Default: the shipped table. */
  readonly pricing?: Pricing;
}

// Only what the judge reads; servers add much more (ids, logprobs, filter results).
const CompletionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number().nonnegative().optional(),
      completion_tokens: z.number().nonnegative().optional(),
      prompt_tokens_details: z.object({ cached_tokens: z.number().nonnegative().optional() }).nullish(),
    })
    .nullish(),
});

interface Usage {
  input: number;
  output: number;
  cached: number;
}

const NO_USAGE: Usage = { input: 0, output: 0, cached: 0 };

type Exchange = { ok: true; content: string; usage: Usage } | { ok: false; error: string; usage: Usage };

interface Endpoint {
  url: string;
  /** The URL for messages: no credentials, even if the base URL carried some. */
  shown: string;
  headers(apiKey: string | undefined): Record<string, string>;
}

function endpointOf(settings: JudgeSettings): Endpoint {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const url =
    settings.kind === 'azure'
      ? `${base}/openai/deployments/${encodeURIComponent(settings.model)}/chat/completions?api-version=${encodeURIComponent(settings.apiVersion)}`
      : `${base}/chat/completions`;
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  return {
    url,
    shown: `POST ${shown.href}`,
    headers(apiKey) {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (apiKey === undefined) return headers;
      if (settings.kind === 'azure') headers['api-key'] = apiKey;
      else headers.authorization = `Bearer ${apiKey}`;
      return headers;
    },
  };
}

/** OpenAI-style `{error: {message}}` bodies say what went wrong; anything else is quoted briefly. */
function errorMessageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body;
}

function oneLine(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function failureOf(error: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `did not answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `could not be reached (${detail})`;
}

/** Settles when `signal` aborts, so that a fetch ignoring its signal cannot stall the caller. */
function deadline(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

export function createJudge(settings: JudgeSettings, deps: JudgeDeps = {}): Judge {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const env = deps.env ?? process.env;
  const pricing = deps.pricing ?? createPricing();
  const endpoint = endpointOf(settings);
  const fixedPrice: PriceEntry | undefined = settings.price && {
    pattern: '.*',
    provider: 'judge settings',
    input_per_mtok: settings.price.inputPerMillion,
    output_per_mtok: settings.price.outputPerMillion,
    effective_from: '1970-01-01',
    source: 'policy',
  };

  function costUsd(usage: Usage, atMs: number): number | null {
    if (usage.input === 0 && usage.output === 0) return 0;
    const entry = fixedPrice ?? pricing.lookup(settings.model, new Date(atMs));
    return entry ? costOf(entry, { input: usage.input, output: usage.output, cached: usage.cached, reasoning: 0 }) : null;
  }

  async function exchange(input: JudgeInput, apiKey: string | undefined, signal: AbortSignal): Promise<Exchange> {
    const body = buildJudgeRequest(input, settings.model, settings.maxOutputTokens);
    const response = await doFetch(endpoint.url, { method: 'POST', headers: endpoint.headers(apiKey), body: JSON.stringify(body), signal });
    const text = await response.text();
    if (!response.ok) return { ok: false, error: `answered HTTP ${response.status}: ${oneLine(errorMessageOf(text))}`, usage: NO_USAGE };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, error: `answered HTTP ${response.status} with a body that is not JSON: ${oneLine(text, 80)}`, usage: NO_USAGE };
    }
    const completion = CompletionSchema.safeParse(json);
    if (!completion.success) return { ok: false, error: `answered HTTP ${response.status} with something other than a chat completion`, usage: NO_USAGE };
    const { choices, usage } = completion.data;
    const tokens: Usage = {
      input: usage?.prompt_tokens ?? 0,
      output: usage?.completion_tokens ?? 0,
      cached: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    };
    const choice = choices[0]!;
    const content = choice.message.content;
    if (content === null || content === undefined || content.trim() === '') {
      const why = choice.message.refusal ? `refused: ${oneLine(choice.message.refusal, 80)}` : `finish_reason ${choice.finish_reason ?? 'unknown'}`;
      return { ok: false, error: `returned no content (${why})`, usage: tokens };
    }
    if (choice.finish_reason === 'length') {
      return { ok: false, error: `stopped at maxOutputTokens (${settings.maxOutputTokens}) before finishing its reply`, usage: tokens };
    }
    return { ok: true, content, usage: tokens };
  }

  async function judge(input: JudgeInput): Promise<JudgeOutcome> {
    const started = now();
    let apiKey: string | undefined;
    let parsed: ParsedVerdict;
    let usage = NO_USAGE;
    try {
      const key = resolveApiKey(settings, env);
      if (!key.ok) throw new Error(key.error);
      apiKey = key.apiKey;
      const signal = AbortSignal.timeout(settings.timeoutMs);
      const reply = await Promise.race([exchange(input, apiKey, signal), deadline(signal)]).catch(
        (error: unknown): Exchange => ({ ok: false, error: failureOf(error, signal, settings.timeoutMs), usage: NO_USAGE }),
      );
      usage = reply.usage;
      if (reply.ok) {
        parsed = parseJudgeReply(reply.content, input.answer);
      } else {
        const error = `judge ${endpoint.shown} ${reply.error}`;
        parsed = { status: 'unknown', reasons: [error], error };
      }
    } catch (error) {
      const message = `judge ${endpoint.shown} failed: ${error instanceof Error ? error.message : String(error)}`;
      parsed = { status: 'unknown', reasons: [message], error: message };
    }
    const finished = now();
    const outcome: JudgeOutcome = {
      ...parsed,
      model: settings.model,
      unsupportedClaims: parsed.status === 'judged' ? parsed.unsupportedClaims : [],
      latencyMs: Math.max(0, finished - started),
      inputTokens: usage.input,
      outputTokens: usage.output,
      costUsd: costUsd(usage, finished),
    };
    return apiKey === undefined ? outcome : redact(outcome, apiKey);
  }

  return { model: settings.model, judge };
}

/** Servers (and proxies) sometimes echo the key in error messages; it never leaves this module. */
function redact(outcome: JudgeOutcome, apiKey: string): JudgeOutcome {
  const clean = (text: string) => text.replaceAll(apiKey, '[redacted]');
  return {
    ...outcome,
    reasons: outcome.reasons.map(clean),
    unsupportedClaims: outcome.unsupportedClaims.map((c) => ({ claim: clean(c.claim), reason: clean(c.reason) })),
    ...(outcome.error === undefined ? {} : { error: clean(outcome.error) }),
  };
}
