// Executions built with the demo's span recorder and sent through the real OpenTelemetry SDK
// exporter: a retrieval carrying the knowledge, an LLM call carrying the answer, tool calls.
import { Random } from '../../demo/random.ts';
import { createSender, otlpTarget } from '../../demo/send.ts';
import { MODELS, Recorder, type Execution, type SpanDescription } from '../../demo/spans.ts';

export interface AnswerCase {
  agent?: string;
  /** Retrieved passages; none means the answer has nothing to be checked against. */
  knowledge?: string[];
  question?: string;
  answer: string;
  /** Tool calls before the answer: [name, arguments]. */
  tools?: [string, Record<string, unknown>][];
  startMs?: number;
}

let seed = 1;

export function answerExecution(c: AnswerCase): Execution {
  const random = new Random(seed++);
  const r = new Recorder(random, c.startMs ?? Date.now() - 60_000);
  const question = c.question ?? 'Can you help me?';
  if (c.knowledge) r.retrieve('retrieve knowledge', question || 'knowledge', c.knowledge.map((content, i) => ({ id: `doc-${i}`, content, score: 0.9 - i / 10 })));
  for (const [name, args] of c.tools ?? []) r.tool({ id: r.callId(), name, args }, { ok: true }, { medianMs: 20 });
  r.llm(MODELS.gpt4oMini, { system: 'Answer from the knowledge base only.', input: [{ role: 'user', text: question }], output: { role: 'assistant', text: c.answer } });
  const agent = c.agent ?? 'support-bot';
  const root: SpanDescription = r.finish(agent, {
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: question }] }]),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: c.answer }] }]),
  });
  return { service: `${agent}-svc`, agent, root };
}

/** Sends executions with the OTLP/HTTP protobuf exporter and waits until all are exported. */
export async function sendExecutions(otlpHttp: string, key: string, executions: readonly Execution[]): Promise<void> {
  const sender = createSender(otlpTarget(otlpHttp), key);
  for (const execution of executions) sender.send(execution);
  await sender.flush();
  const failures = sender.failures();
  await sender.shutdown();
  if (failures.spans > 0) throw new Error(`export failed for ${failures.spans} spans: ${failures.lastError}`);
}

/** An execution with an exact start and duration: an agent root around one LLM call. */
export function timedExecution(agent: string, startMs: number, durationMs: number, options: { inputTokens?: number; error?: boolean } = {}): Execution {
  const llm: SpanDescription = {
    name: 'chat gpt-4o-mini',
    kind: 'client',
    startMs: startMs + 1,
    endMs: startMs + durationMs - 1,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': options.inputTokens ?? 1000,
      'gen_ai.usage.output_tokens': 100,
    },
    children: [],
  };
  const root: SpanDescription = {
    name: `invoke_agent ${agent}`,
    kind: 'internal',
    startMs,
    endMs: startMs + durationMs,
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent },
    children: [llm],
    ...(options.error ? { error: { message: 'failed' } } : {}),
  };
  return { service: `${agent}-svc`, agent, root };
}
