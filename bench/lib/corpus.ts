// Generated agent executions as `spans` rows (JSONEachRow lines), in the shape the collector stores
// after normalization: an agent root span with session, user and outcome; optional guardrail and
// retrieval (with an embedding call); then LLM calls alternating with tool calls, the later ones
// sometimes under a nested agent. LLM spans carry messages, tokens and priced cost; about one
// execution in twenty fails on an LLM or tool span. Each execution is a pure function of the seed
// and its index, except sessions, which continue earlier executions of the same agent.
import { costOf, createPricing, type PriceEntry } from '../../core/pricing/index.ts';
import { serializeSpanRow } from '../../core/spans/repository.ts';
import type { Outcome, SpanRow, SpanType } from '../../core/spans/row.ts';
import { completionText, renderMessages, type Message } from '../../collector/semconv/messages.ts';
import { AGENTS, MODELS, type AgentSpec, type ModelSpec } from './corpus-agents.ts';
import type { CorpusPlan } from './corpus-plan.ts';
import { paragraph, RARE_WORD, sentence, systemPrompt, toolJson } from './corpus-text.ts';
import { createRng, hash32, hexId, type Rng } from './prng.ts';

/** Share of executions whose answer contains RARE_WORD. */
export const RARE_WORD_SHARE = 0.01;
const CONTINUE_SESSION = 0.35;
const USERS = 20_000;
const PROJECT = 'default';

export const traceIdOf = (plan: Pick<CorpusPlan, 'seed'>, execution: number) => hexId(plan.seed, execution, 0, 4);

type SpanWriter = (parent: string, type: SpanType, name: string, startUs: number, durUs: number, fields: Partial<SpanRow>) => SpanRow;

interface Session {
  id: string;
  user: string;
  lastUs: number;
}

const BASE: Omit<SpanRow, 'trace_id' | 'span_id' | 'parent_span_id' | 'name' | 'span_type' | 'start_time' | 'end_time' | 'duration_ns'> = {
  project_id: PROJECT, kind: 'internal', service_name: '', agent_name: '', operation: '', provider: '', model: '',
  status_code: 'unset', status_message: '', input_tokens: 0, output_tokens: 0, cached_tokens: 0, reasoning_tokens: 0,
  cost_usd: 0, cost_status: 'none', session_id: '', user_id: '', outcome: '', input_text: '', output_text: '',
  input_messages: '', output_messages: '', tool_name: '', tool_call_id: '', documents: [], attributes: {},
  resource_attributes: {}, scope_name: '', scope_version: '', events: '', links: '',
};

export function createCorpus(plan: CorpusPlan) {
  const pricing = createPricing();
  const prices = new Map<string, PriceEntry | undefined>(Object.keys(MODELS).map((m) => [m, pricing.lookup(m, new Date(plan.endMs))]));
  const promptRng = createRng(plan.seed ^ 0x5eed);
  const prompts = AGENTS.map((a) => systemPrompt(promptRng, a.role, 6));
  const resources = AGENTS.map((a) => ({
    'service.name': a.service, 'service.version': a.version, 'deployment.environment': 'production',
    'telemetry.sdk.name': 'opentelemetry', 'telemetry.sdk.language': 'python', 'telemetry.sdk.version': '1.38.0',
  }));
  const recentSessions: Session[][] = AGENTS.map(() => []);

  function sessionFor(agent: number, startUs: number, rng: Rng, execution: number): Session {
    const recent = recentSessions[agent]!;
    const candidate = recent.length > 0 ? rng.pick(recent) : undefined;
    if (candidate && startUs - candidate.lastUs < 2 * 3600e6 && rng.chance(CONTINUE_SESSION)) {
      candidate.lastUs = startUs;
      return candidate;
    }
    const u = rng.next();
    const session = { id: `sess-${hexId(plan.seed, execution, 1, 2)}`, user: `user-${Math.floor(u * u * USERS)}`, lastUs: startUs };
    if (recent.length < 64) recent.push(session);
    else recent[rng.int(0, 63)] = session;
    return session;
  }

  /** The rows of execution `i`, appended to `out` as JSON lines. */
  function execution(i: number, out: string[]): void {
    const rng = createRng(hash32(plan.seed, i, 1));
    const agentIndex = plan.agentOf[i]!;
    const agent = AGENTS[agentIndex]!;
    const traceId = traceIdOf(plan, i);
    const t0 = plan.startUs[i]!;
    const session = sessionFor(agentIndex, t0, rng, i);
    let spanSeq = 0;
    const nextSpanId = () => hexId(plan.seed, i, ++spanSeq, 2);
    const rootId = nextSpanId();
    const resource = resources[agentIndex]!;
    const rows: SpanRow[] = [];
    const span: SpanWriter = (parent, type, name, startUs, durUs, fields) => {
      const row: SpanRow = {
        ...BASE, trace_id: traceId, span_id: fields.span_id ?? nextSpanId(), parent_span_id: parent, name, span_type: type,
        service_name: agent.service, start_time: `${startUs}000`, end_time: `${startUs + durUs}000`, duration_ns: durUs * 1000,
        resource_attributes: resource, scope_name: agent.scope[0], scope_version: agent.scope[1], ...fields,
      };
      rows.push(row);
      return row;
    };

    const question = sentence(rng, 8, 28, '?') + (rng.chance(0.4) ? ' ' + sentence(rng) : '');
    // Each LLM call sees the system prompt, the question, any retrieved context and the last steps.
    const head: Message[] = [{ role: 'system', content: prompts[agentIndex]! }, { role: 'user', content: question }];
    const history: Message[] = [];
    let remaining = plan.spanCountOf[i]! - 1;
    let cursor = t0 + rng.int(2_000, 15_000);
    const gap = () => rng.int(500, 20_000);

    if (remaining >= 3 && rng.chance(0.25)) {
      const dur = Math.round(rng.logNormal(60_000, 0.6));
      span(rootId, 'guardrail', 'guardrail pii-check', cursor, dur, {
        input_text: question, output_text: '{"passed":true}', attributes: { 'openinference.span.kind': 'GUARDRAIL', 'guardrail.name': 'pii-check' },
      });
      cursor += dur + gap();
      remaining--;
    }
    if (remaining >= 2 && rng.chance(agent.retrieval)) {
      const retrieverId = nextSpanId();
      const retrieveStart = cursor;
      if (remaining >= 4 && rng.chance(0.5)) {
        const model = MODELS['text-embedding-3-small'];
        const tokens = Math.ceil(question.length / 4);
        const dur = Math.round(rng.logNormal(80_000, 0.5));
        span(retrieverId, 'embedding', `embeddings ${model.name}`, cursor, dur, {
          kind: 'client', operation: 'embeddings', provider: model.provider, model: model.name, input_tokens: tokens, input_text: question,
          cost_usd: priceOf(model.name, tokens, 0, 0), cost_status: 'priced',
          attributes: { 'gen_ai.operation.name': 'embeddings', 'gen_ai.request.model': model.name, 'gen_ai.usage.input_tokens': String(tokens) },
        });
        cursor += dur + gap();
        remaining--;
      }
      const documents = Array.from({ length: rng.int(2, 4) }, () => paragraph(rng, 1, 2));
      const dur = cursor - retrieveStart + Math.round(rng.logNormal(120_000, 0.6));
      span(rootId, 'retriever', 'retrieve knowledge-base', retrieveStart, dur, {
        span_id: retrieverId, input_text: question, documents, attributes: { 'openinference.span.kind': 'RETRIEVER', 'retrieval.top_k': String(documents.length) },
      });
      head.push({ role: 'user', content: `Context:\n${documents.join('\n')}` });
      cursor = retrieveStart + dur + gap();
      remaining--;
    }

    // remaining ≥ 1: LLM, tool, LLM, …, LLM; an even count hands the second half to a nested agent.
    const nested = remaining >= 4 && remaining % 2 === 0 && agent.tools.length > 0;
    const steps = nested ? remaining - 1 : remaining;
    const subAgentId = nested ? nextSpanId() : '';
    const subFrom = nested ? 2 * Math.floor(steps / 4) : Infinity;
    let subStart = 0;
    const failAt = rng.chance(agent.errorRate) ? rng.int(0, steps - 1) : -1;
    const mentionsRare = rng.chance(RARE_WORD_SHARE);
    let answer = '';
    for (let step = 0; step < steps; step++) {
      if (step === subFrom) subStart = cursor;
      const parent = step >= subFrom ? subAgentId : rootId;
      const isToolStep = (n: number) => agent.tools.length > 0 && n % 2 === 1 && n < steps - 1;
      const isLlm = !isToolStep(step);
      const failed = step === failAt;
      if (isLlm) {
        const last = step === steps - 1;
        const model = MODELS[agent.models[rng.weighted(agent.models.map((m) => m[1]))]![0]];
        const tool = isToolStep(step + 1) ? rng.pick(agent.tools) : '';
        let output: Message;
        if (tool) {
          output = { role: 'assistant', content: rng.chance(0.3) ? sentence(rng) : '', tool_calls: [{ id: `call_${hexId(plan.seed, i, 100 + step, 2)}`, name: tool, arguments: toolJson(rng, rng.int(1, 3)) }] };
        } else {
          answer = paragraph(rng, last ? 2 : 1, last ? 6 : 3);
          if (last && mentionsRare) answer += ` I have opened a ${RARE_WORD} review for order A-${rng.int(10000, 99999)}.`;
          output = { role: 'assistant', content: answer };
        }
        cursor += llmSpan(rng, agent, model, parent, cursor, [...head, ...history.slice(-6)], failed ? undefined : output, span);
        history.push(output);
      } else {
        const call = history.at(-1)?.tool_calls?.[0];
        const dur = Math.round(rng.logNormal(agent.name === 'code-reviewer' ? 1_500_000 : 180_000, 0.9));
        const result = failed ? '' : toolJson(rng, rng.int(2, 6));
        const name = call?.name ?? rng.pick(agent.tools);
        span(parent, 'tool', `execute_tool ${name}`, cursor, dur, {
          operation: 'execute_tool', tool_name: name, tool_call_id: call?.id ?? '', input_text: call?.arguments ?? '', output_text: result,
          attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name, 'gen_ai.tool.call.id': call?.id ?? '' },
          ...(failed ? failure('ToolTimeoutError', `${name} did not answer within 30s`, cursor + dur) : {}),
        });
        cursor += dur;
        history.push({ role: 'tool', content: result || 'error: timeout' });
      }
      cursor += gap();
    }
    if (nested) {
      span(rootId, 'agent', `invoke_agent ${agent.subAgent}`, subStart, cursor - subStart, {
        span_id: subAgentId, operation: 'invoke_agent', agent_name: agent.subAgent, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent.subAgent },
      });
    }

    const failedRun = failAt >= 0;
    const outcome: Outcome | '' = failedRun ? 'failed' : agent.outcomes[rng.weighted(agent.outcomes.map((o) => o[1]))]![0];
    span('', 'agent', `invoke_agent ${agent.name}`, t0, cursor + rng.int(1_000, 30_000) - t0, {
      span_id: rootId, kind: 'server', operation: 'invoke_agent', agent_name: agent.name, session_id: session.id, user_id: session.user, outcome,
      input_text: question, output_text: failedRun ? '' : answer,
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent.name, 'gen_ai.conversation.id': session.id, 'user.id': session.user, ...(outcome ? { 'vigil.outcome': outcome } : {}) },
      ...(failedRun ? { status_code: 'error', status_message: 'agent run failed' } : {}),
    });
    for (const row of rows) out.push(serializeSpanRow(row));
  }

  function priceOf(model: string, input: number, cached: number, output: number): number {
    const entry = prices.get(model);
    return entry ? costOf(entry, { input, cached, output, reasoning: 0 }) : 0;
  }

  /** One LLM call; returns its duration in µs. `output` undefined: the call failed. */
  function llmSpan(rng: Rng, agent: AgentSpec, model: ModelSpec, parent: string, startUs: number, prompt: Message[], output: Message | undefined, span: SpanWriter): number {
    const inputText = renderMessages(prompt);
    const input = agent.hiddenPromptTokens + Math.ceil(inputText.length / 4);
    const cached = rng.chance(0.6) ? Math.floor(input * (0.3 + 0.6 * rng.next())) : 0;
    const outputText = output ? completionText([output]) : '';
    const reasoning = output && model.reasons ? rng.int(150, 3000) : 0;
    const outputTokens = output ? Math.ceil(outputText.length / 4) + 5 + reasoning : 0;
    const durUs = output
      ? Math.round((rng.logNormal(model.ttftMs, 0.4) + outputTokens * model.msPerToken) * 1000)
      : Math.round(rng.logNormal(2_000, 0.5) * 1000);
    const responseId = `chatcmpl-${hexId(0, startUs, input, 2)}`;
    span(parent, 'llm', `chat ${model.name}`, startUs, durUs, {
      kind: 'client', operation: 'chat', provider: model.provider, model: model.name,
      input_tokens: output ? input : 0, output_tokens: outputTokens, cached_tokens: output ? cached : 0, reasoning_tokens: reasoning,
      cost_usd: output ? priceOf(model.name, input, cached, outputTokens) : 0, cost_status: output ? 'priced' : 'none',
      input_text: inputText, output_text: outputText, input_messages: JSON.stringify(prompt), output_messages: output ? JSON.stringify([output]) : '',
      attributes: {
        'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': model.provider, 'gen_ai.request.model': model.name, 'gen_ai.response.model': model.name,
        'gen_ai.request.temperature': '0.2', 'gen_ai.response.id': responseId,
        'gen_ai.response.finish_reasons': output?.tool_calls ? '["tool_calls"]' : '["stop"]',
      },
      ...(output ? {} : failure('RateLimitError', `429 Too Many Requests from ${model.provider}: rate limit reached for ${model.name}`, startUs + durUs)),
    });
    return durUs;
  }

  return { execution };
}

function failure(type: string, message: string, atUs: number): Partial<SpanRow> {
  return {
    status_code: 'error', status_message: message,
    events: JSON.stringify([{ time_unix_nano: `${atUs}000`, name: 'exception', attributes: { 'exception.type': type, 'exception.message': message } }]),
  };
}
