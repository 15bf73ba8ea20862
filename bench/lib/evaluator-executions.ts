// Executions for the evaluator benchmark: answers with the context they should rest on, recorded
// with the OpenTelemetry SDK and encoded once as OTLP protobuf bodies of whole executions. The
// content is the BEGIN sample shipped with the detector's tests (knowledge passage + response,
// human-labelled attributable or not), so the grounded/unsupported mix and the text lengths are
// real ones. Each execution: the agent span, a retrieval (with its embedding call) of the row's
// passage and two others, two tool calls, and the LLM call that writes the answer.
import { readFileSync } from 'node:fs';
import { context, SpanKind, SpanStatusCode, trace, type Context, type Tracer } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import type { SpanDescription } from '../../demo/spans.ts';
import { isHallucinated, parseBeginTsv, type BeginRow } from '../../evaluator/hallucination/begin.ts';
import { answerExecution } from '../../test/helpers/executions.ts';
import { findTraceIdOffsets, type TemplateBody } from './evaluator-trace-ids.ts';

const SAMPLE = new URL('../../evaluator/hallucination/fixtures/begin-sample.tsv', import.meta.url);
const AGENTS = ['support-bot', 'docs-assistant', 'research-assistant'];
const QUESTIONS = ['Can you tell me more about that?', 'What do you know about this?', 'Is that right?', 'Why is that?'];

export interface Templates {
  bodies: TemplateBody[];
  executionsPerBody: number;
  spansPerExecution: number;
  bytesPerSpan: number;
  /** Share of the executions whose answer BEGIN labels "Not fully attributable". */
  unsupportedShare: number;
  rows: number;
}

/** As demo/send.ts records a description: explicit times, children under their parent. */
function emit(tracer: Tracer, description: SpanDescription, parent: Context): void {
  const kind = description.kind === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL;
  const span = tracer.startSpan(description.name, { kind, startTime: description.startMs, attributes: description.attributes }, parent);
  for (const child of description.children) emit(tracer, child, trace.setSpan(parent, span));
  if (description.error) {
    if (description.error.exception) span.recordException({ name: description.error.exception.type, message: description.error.exception.message }, description.endMs);
    span.setStatus({ code: SpanStatusCode.ERROR, message: description.error.message });
  }
  span.end(description.endMs);
}

function executionOf(rows: readonly BeginRow[], n: number) {
  const row = rows[n % rows.length]!;
  const others = [rows[(n * 7 + 3) % rows.length]!, rows[(n * 13 + 5) % rows.length]!].filter((r) => r !== row);
  return answerExecution({
    agent: AGENTS[n % AGENTS.length],
    knowledge: [row.knowledge, ...others.map((r) => r.knowledge)],
    question: QUESTIONS[n % QUESTIONS.length],
    answer: row.response,
    tools: [
      ['search_knowledge_base', { query: row.knowledge.split(' ').slice(0, 6).join(' '), top_k: 3 }],
      ['lookup_account', { user: `user-${n % 997}` }],
    ],
  });
}

/** `bodies` bodies of `executionsPerBody` whole executions each, all with different content picks. */
export async function buildTemplates(bodies: number, executionsPerBody: number): Promise<Templates> {
  const rows = parseBeginTsv(readFileSync(SAMPLE, 'utf8'));
  const memory = new InMemorySpanExporter();
  const tracers = new Map<string, { provider: TracerProvider; tracer: Tracer }>();
  const tracerFor = (service: string) => {
    let entry = tracers.get(service);
    if (!entry) {
      const provider = new TracerProvider({
        resource: resourceFromAttributes({ 'service.name': service, 'service.version': '1.0.0', 'deployment.environment': 'bench' }),
        spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
      });
      entry = { provider, tracer: provider.getTracer('vigil-bench', '1.0.0') };
      tracers.set(service, entry);
    }
    return entry.tracer;
  };
  const templates: TemplateBody[] = [];
  let unsupported = 0;
  for (let b = 0; b < bodies; b++) {
    const spans: ReadableSpan[] = [];
    const traceIds: string[] = [];
    for (let slot = 0; slot < executionsPerBody; slot++) {
      const n = b * executionsPerBody + slot;
      if (isHallucinated(rows[n % rows.length]!)) unsupported++;
      const execution = executionOf(rows, n);
      memory.reset();
      emit(tracerFor(execution.service), execution.root, context.active());
      const recorded = memory.getFinishedSpans();
      traceIds.push(recorded[0]!.spanContext().traceId);
      spans.push(...recorded);
    }
    const body = ProtobufTraceSerializer.serializeRequest(spans)!;
    const traceIdOffsets = findTraceIdOffsets(body, traceIds);
    const misplaced = traceIdOffsets.findIndex((offsets, slot) => offsets.length !== spans.filter((s) => s.spanContext().traceId === traceIds[slot]).length);
    if (misplaced !== -1) throw new Error(`template body ${b}: the trace id of execution ${misplaced} is not found once per span`);
    templates.push({ body, traceIdOffsets, spans: spans.length });
  }
  await Promise.all([...tracers.values()].map(({ provider }) => provider.shutdown()));
  const spans = templates.reduce((sum, t) => sum + t.spans, 0);
  return {
    bodies: templates,
    executionsPerBody,
    spansPerExecution: spans / (bodies * executionsPerBody),
    bytesPerSpan: templates.reduce((sum, t) => sum + t.body.length, 0) / spans,
    unsupportedShare: unsupported / (bodies * executionsPerBody),
    rows: rows.length,
  };
}
