// One very large agent execution for the UI benchmark: a research orchestrator that plans with an
// LLM, then calls tools, some of which retrieve documents and some of which hand work to a nested
// analyst agent with its own LLM and tool calls (five levels deep). Built with the demo's recorder
// (realistic gen_ai.* attributes and messages on every LLM span), then sent with the real
// OpenTelemetry SDK and OTLP/HTTP protobuf exporter with explicit start and end times.
import { SpanKind, SpanStatusCode, context, trace, type Context, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { Random } from '../../demo/random.ts';
import { MODELS, Recorder, countSpans, type Message, type SpanDescription } from '../../demo/spans.ts';

const SYSTEM = 'You are a research agent for a procurement team. Break the request into steps, call search_reports to find ' +
  'supplier documents and ask_analyst for a written assessment of one supplier, then combine the findings. Quote report ids ' +
  'and figures exactly as the tools return them. If the documents do not answer a question, say so instead of guessing.';
const ANALYST = 'You are a supplier risk analyst. Read the documents you are given and the pages you fetch, and write a short ' +
  'assessment: delivery reliability, financial health, compliance findings. Cite the document id for every claim.';
const TASK = 'Compare the Q3 reports of all 400 active suppliers and flag the ones with delivery, financial or compliance risk.';
const FINDINGS = [
  'shipped late twice in Q3 (median delay 6 days) after a warehouse move',
  'passed the ISO 9001 surveillance audit with one minor finding on record keeping',
  'reported a 14% drop in revenue and a new credit line of 2.5M EUR',
  'was named in a customs inquiry about origin declarations; no penalty so far',
];

function documents(random: Random, supplier: string) {
  return Array.from({ length: 3 }, (_, i) => ({
    id: `rpt-${supplier}-${i}`,
    content: `Q3 report of supplier ${supplier}: the supplier ${random.pick(FINDINGS)}. Volume ${random.int(200, 9000)} units, on-time rate ${random.int(71, 99)}%.`,
    score: Math.round((0.9 - i * 0.1 - random.next() * 0.05) * 1000) / 1000,
  }));
}

/** A nested analyst agent: retrieval, an LLM call, a page fetch, and its written assessment. */
function analyst(random: Random, startMs: number, supplier: string): SpanDescription {
  const r = new Recorder(random, startMs);
  const docs = documents(random, supplier);
  r.retrieve('retrieve supplier_reports', `risks of supplier ${supplier} in Q3`, docs);
  r.pause(10);
  const fetchCall = { id: r.callId(), name: 'fetch_page', args: { url: `https://registry.example/suppliers/${supplier}` } };
  const ask: Message[] = [{ role: 'user', text: `Assess supplier ${supplier} from these documents:\n${docs.map((d) => `[${d.id}] ${d.content}`).join('\n')}` }];
  r.llm(MODELS.gpt4oMini, { system: ANALYST, input: ask, output: { role: 'assistant', calls: [fetchCall] } });
  r.tool(fetchCall, { status: 200, title: `Supplier ${supplier}`, excerpt: `Registered 2009. ${random.pick(FINDINGS)}.` }, { medianMs: 240 });
  r.llm(MODELS.gpt4oMini, {
    system: ANALYST,
    input: [...ask, { role: 'assistant', calls: [fetchCall] }, { role: 'tool', callId: fetchCall.id, result: { status: 200 } }],
    output: { role: 'assistant', text: `Supplier ${supplier}: ${random.pick(FINDINGS)} [${docs[0]!.id}]; otherwise no risk found [${docs[1]!.id}].` },
  });
  return r.finish('supplier-analyst', { 'gen_ai.agent.id': `analyst-${supplier}` });
}

/** The execution as span descriptions, exactly `spans` of them. */
export function describeBigExecution(spans: number, startMs: number, seed = 7): SpanDescription {
  const random = new Random(seed);
  const r = new Recorder(random, startMs);
  let count = 1;
  for (let step = 0; count < spans - 40; step++) {
    const suppliers = Array.from({ length: random.int(1, 3) }, () => `S-${random.int(1000, 1399)}`);
    const calls = suppliers.map((s) => ({ id: r.callId(), name: random.chance(0.35) ? 'ask_analyst' : 'search_reports', args: { supplier: s, quarter: 'Q3' } }));
    const before = r.children.length;
    r.llm(random.chance(0.2) ? MODELS.sonnet4 : MODELS.gpt4o, {
      system: SYSTEM,
      input: [{ role: 'user', text: TASK }, { role: 'assistant', text: `Step ${step}: suppliers done so far ${step * 2}.` }],
      output: { role: 'assistant', text: `Next I look at ${suppliers.join(', ')}.`, calls },
    });
    for (const call of calls) {
      const startTool = r.now;
      const nested = call.name === 'ask_analyst' ? analyst(random, startTool + 3, call.args.supplier) : undefined;
      const tool = r.tool(call, { hits: random.int(0, 20), top: `rpt-${call.args.supplier}-0` }, { medianMs: 180, ...(random.chance(0.02) ? { timeoutMs: 30_000 } : {}) });
      if (nested) {
        tool.children.push(nested);
        tool.endMs = r.now = Math.max(tool.endMs, nested.endMs + 2);
      } else if (!tool.error) {
        const inner = new Recorder(random, startTool + 2);
        inner.retrieve('retrieve supplier_reports', `supplier ${call.args.supplier} Q3 risks`, documents(random, call.args.supplier));
        tool.children.push(...inner.children);
        tool.endMs = r.now = Math.max(tool.endMs, inner.now + 1);
      }
    }
    if (step % 25 === 24) r.children.push({ name: 'guardrail pii-check', kind: 'internal', startMs: r.now, endMs: (r.now += 12), attributes: { 'vigil.span.type': 'guardrail', 'guardrail.name': 'pii' }, children: [] });
    count += r.children.slice(before).reduce((sum, child) => sum + countSpans(child), 0);
    r.pause(20);
  }
  // Single-span tool calls fill up to the exact count.
  while (count < spans) {
    r.tool({ id: r.callId(), name: 'write_notes', args: { section: count } }, { ok: true }, { medianMs: 15 });
    count++;
  }
  return r.finish('research-bot', { 'session.id': 'sess-bench-ui', 'user.id': 'user-7', 'vigil.outcome': 'resolved' });
}

function emit(tracer: Tracer, description: SpanDescription, parent: Context): string {
  const span = tracer.startSpan(description.name, { kind: description.kind === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL, startTime: description.startMs, attributes: description.attributes }, parent);
  const inSpan = trace.setSpan(parent, span);
  for (const child of description.children) emit(tracer, child, inSpan);
  if (description.error) {
    const { exception, message } = description.error;
    if (exception) span.recordException({ name: exception.type, message: exception.message }, description.endMs);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  }
  span.end(description.endMs);
  return span.spanContext().traceId;
}

/** Sends the execution and resolves with its trace id once every span was exported. */
export async function sendExecution(root: SpanDescription, otlpUrl: string, key: string): Promise<string> {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'research-agent', 'deployment.environment': 'bench' }),
    spanProcessors: [new BatchSpanProcessor({
      exporter: new OTLPTraceExporter({ url: otlpUrl, headers: { authorization: `Bearer ${key}` }, timeoutMillis: 60_000 }),
      maxQueueSize: 20_000,
      maxExportBatchSize: 1000,
    })],
  });
  const traceId = emit(provider.getTracer('bench-ui', '1.0.0'), root, context.active());
  await provider.forceFlush();
  await provider.shutdown();
  return traceId;
}

export function maxDepth(span: SpanDescription): number {
  return span.children.reduce((depth, child) => Math.max(depth, 1 + maxDepth(child)), 0);
}
