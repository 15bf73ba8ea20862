// The agent under test as promptfoo providers, with trace linking: every call opens a client span
// ("suite case …") and passes its W3C trace context to the agent — a `traceparent` header to an HTTP
// endpoint, the active OpenTelemetry context and a `traceparent` argument to a module. An agent that
// continues the context puts its spans under that client span, so the case's execution in Vigil is
// one trace whose root is the call the suite made, and the case keeps its trace id.
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { context as otelContext, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { AgentProvider, HttpProviderConfig } from './config.ts';
import type { ApiProvider, ProviderCallContext, ProviderResponse } from './promptfoo.ts';

/** What each call tells the agent besides the prompt. */
export interface CallInfo {
  vars: Record<string, unknown>;
  /** W3C trace context of the suite's client span: continue it and the case links to your trace. */
  traceparent: string;
  caseId: string;
  /** The provider's `config` from the suite file. */
  config: Record<string, unknown>;
}

/** A module provider's export: `export default async function (input, info) { return answer }`. */
export type AgentFunction = (input: string, info: CallInfo) => Promise<string | { output: string; costUsd?: number }> | string | { output: string; costUsd?: number };

export interface SuiteIdentity {
  suite: string;
  runId: string;
  agent: string;
}

/** The same id for the same test in every run: its description, else a digest of its variables. */
export function caseIdOf(description: string | undefined, vars: Record<string, unknown>): string {
  if (description) return description;
  const sorted = Object.keys(vars)
    .sort()
    .map((key) => [key, vars[key]]);
  return `vars:${createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16)}`;
}

/** A value from a provider or a test as text: strings as they are, anything else as JSON. */
export const textOf = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value));

/** `a.b.0.c` into a parsed JSON value. */
export function atPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Fills {{prompt}} and {{var}} in every string of a JSON body template; a whole-string placeholder keeps the variable's type. */
export function fillTemplate(template: unknown, prompt: string, vars: Record<string, unknown>): unknown {
  const lookup = (name: string): unknown => (name === 'prompt' ? prompt : atPath(vars, name));
  if (typeof template === 'string') {
    const whole = /^\{\{\s*([\w.]+)\s*\}\}$/.exec(template);
    if (whole) return lookup(whole[1]!) ?? '';
    return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => textOf(lookup(name)));
  }
  if (Array.isArray(template)) return template.map((item) => fillTemplate(item, prompt, vars));
  if (template && typeof template === 'object') return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillTemplate(v, prompt, vars)]));
  return template;
}

async function callHttp(config: HttpProviderConfig, prompt: string, info: CallInfo): Promise<ProviderResponse> {
  const body = config.method === 'GET' ? undefined : JSON.stringify(fillTemplate(config.body, prompt, info.vars));
  let response: Response;
  try {
    response = await fetch(config.url, {
      method: config.method,
      headers: { 'content-type': 'application/json', ...config.headers, traceparent: info.traceparent, 'x-vigil-case-id': encodeURIComponent(info.caseId) },
      body,
      signal: AbortSignal.timeout(config.timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    const cause = (error as Error).name === 'TimeoutError' ? `no answer within ${config.timeoutMs} ms (config.timeoutMs)` : ((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
    return { error: `the agent at ${new URL(config.url).origin} could not be reached: ${cause}` };
  }
  const text = await response.text();
  if (!response.ok) return { error: `the agent answered HTTP ${response.status}: ${text.slice(0, 500)}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { output: text };
  }
  const output = config.output ? atPath(parsed, config.output) : (atPath(parsed, 'output') ?? parsed);
  if (output === undefined) return { error: `the agent's JSON reply has nothing at "${config.output}" (config.output): ${text.slice(0, 300)}` };
  const cost = config.cost ? Number(atPath(parsed, config.cost)) : undefined;
  return { output: textOf(output), ...(cost !== undefined && Number.isFinite(cost) ? { cost } : {}) };
}

const modules = new Map<string, Promise<AgentFunction>>();

function loadModule(file: string): Promise<AgentFunction> {
  let loaded = modules.get(file);
  if (!loaded) {
    loaded = import(pathToFileURL(file).href).then((module: { default?: unknown; callAgent?: unknown }) => {
      const fn = module.default ?? module.callAgent;
      if (typeof fn !== 'function') throw new Error(`${file} exports no function: export default async function (input, { vars, traceparent }) { … }`);
      return fn as AgentFunction;
    });
    modules.set(file, loaded);
  }
  return loaded;
}

async function callModule(file: string, span: Span, prompt: string, info: CallInfo): Promise<ProviderResponse> {
  const fn = await loadModule(file);
  // In the span's context: an agent instrumented in this process continues the trace by itself.
  const result = await otelContext.with(trace.setSpan(otelContext.active(), span), () => fn(prompt, info));
  if (typeof result === 'string') return { output: result };
  if (result && typeof result === 'object' && 'output' in result) return { output: textOf(result.output), ...(typeof result.costUsd === 'number' ? { cost: result.costUsd } : {}) };
  return { error: `${file} returned ${textOf(result).slice(0, 200) || String(result)}: return the answer as a string, or { output, costUsd }` };
}

/** The agent provider as promptfoo calls it. The trace id of each call is in `metadata.vigilTraceId`. */
export function agentProvider(agent: AgentProvider, tracer: Tracer, identity: SuiteIdentity): ApiProvider {
  return {
    id: () => agent.label,
    label: agent.label,
    async callApi(prompt: string, callContext?: ProviderCallContext): Promise<ProviderResponse> {
      const vars = callContext?.vars ?? {};
      const caseId = caseIdOf(callContext?.test?.description, vars);
      const span = tracer.startSpan(`suite case: ${caseId}`.slice(0, 200), {
        kind: SpanKind.CLIENT,
        attributes: {
          'gen_ai.operation.name': 'invoke_agent',
          ...(identity.agent ? { 'gen_ai.agent.name': identity.agent } : {}),
          'input.value': prompt,
          'vigil.suite.name': identity.suite,
          'vigil.suite.run_id': identity.runId,
          'vigil.suite.case_id': caseId,
        },
      });
      const { traceId, spanId } = span.spanContext();
      const info: CallInfo = { vars, traceparent: `00-${traceId}-${spanId}-01`, caseId, config: agent.kind === 'module' ? agent.config : {} };
      let response: ProviderResponse;
      try {
        response = agent.kind === 'http' ? await callHttp(agent.config, prompt, info) : await callModule(agent.file, span, prompt, info);
      } catch (error) {
        response = { error: `the agent failed: ${(error as Error).message}` };
      }
      if (response.error) span.setStatus({ code: SpanStatusCode.ERROR, message: response.error.slice(0, 500) });
      else span.setAttribute('output.value', textOf(response.output));
      span.end();
      return { ...response, metadata: { ...response.metadata, vigilTraceId: traceId } };
    },
  };
}
