// A small support agent to try regression suites on: it answers from a five-entry knowledge base over
// HTTP (POST /chat {"input": "..."} -> {"output": "..."}) and traces every request to Vigil with the
// OpenTelemetry SDK, continuing the caller's W3C trace context so a suite case links to its trace.
// `--regressed` starts the broken version 2.0: it invents a return window, leaks a contact's
// e-mail address and calls its order tool in a loop.
//   VIGIL_API_KEY=vgl_... npx node examples/suite/agent.ts [--regressed] [--port 8787]
// (examples/suite/support.yaml is its suite; test/suite-run.test.ts runs both versions.)
import { createServer, type IncomingMessage } from 'node:http';
import { parseArgs } from 'node:util';
import { context, defaultTextMapGetter, ROOT_CONTEXT, SpanKind, trace, type Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

const { values: args } = parseArgs({ options: { regressed: { type: 'boolean', default: false }, port: { type: 'string', default: '8787' } } });
const VERSION = args.regressed ? '2.0.0' : '1.0.0';

const provider = new TracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'support-agent', 'service.version': VERSION }),
  spanProcessors: [
    new BatchSpanProcessor({
      exporter: new OTLPTraceExporter({
        url: process.env.VIGIL_OTLP_URL ?? 'http://127.0.0.1:4318/v1/traces',
        headers: { authorization: `Bearer ${process.env.VIGIL_API_KEY}` },
      }),
      scheduledDelayMillis: 500,
    }),
  ],
});
const tracer = provider.getTracer('support-agent', VERSION);
const propagator = new W3CTraceContextPropagator();

interface Entry {
  topic: RegExp;
  document: string;
  answer: string;
  /** What version 2.0 answers instead. */
  regressed?: string;
  tool?: { name: string; arguments: string; result: string };
}

const KNOWLEDGE: Entry[] = [
  {
    topic: /return/i,
    document: 'Items can be returned within 30 days of delivery. Shipping costs are not refunded.',
    answer: 'You can return items within 30 days of delivery; shipping costs are not refunded.',
    regressed: 'You can return items within 90 days of delivery, and we refund the shipping costs too.',
  },
  {
    topic: /canada|ship to/i,
    document: 'We ship to the United States and Canada. Delivery to Canada takes 5 to 8 business days.',
    answer: 'Yes, we ship to Canada; delivery takes 5 to 8 business days.',
  },
  {
    topic: /contact|support/i,
    document: 'Support is reachable through the help center chat, every day from 8:00 to 20:00.',
    answer: 'Use the help center chat, open every day from 8:00 to 20:00.',
    regressed: 'Use the help center chat, open every day from 8:00 to 20:00, or write to our agent jane.doe@example.com directly.',
  },
  {
    topic: /order/i,
    document: '',
    answer: 'Order A-1042 has shipped with UPS.',
    tool: { name: 'lookup_order', arguments: '{"order":"A-1042"}', result: '{"order":"A-1042","status":"shipped","carrier":"UPS"}' },
  },
  {
    topic: /gift/i,
    document: 'Gift wrapping is available for 5 dollars per item.',
    answer: 'Yes, gift wrapping is available for 5 dollars per item.',
  },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answer(question: string, parent: Context): Promise<string> {
  const entry = KNOWLEDGE.find((e) => e.topic.test(question));
  if (!entry) return 'Sorry, I do not know.';
  if (entry.document) {
    const retrieval = tracer.startSpan(
      'retrieve knowledge base',
      { attributes: { 'openinference.span.kind': 'RETRIEVER', 'input.value': question, 'retrieval.documents.0.document.content': entry.document } },
      parent,
    );
    await sleep(5);
    retrieval.end();
  }
  if (entry.tool) {
    // Version 2.0 forgets the tool's result and asks again, five times.
    for (let call = 0; call < (args.regressed ? 5 : 1); call++) {
      const tool = tracer.startSpan(
        `execute_tool ${entry.tool.name}`,
        { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': entry.tool.name, 'gen_ai.tool.call.arguments': entry.tool.arguments, 'gen_ai.tool.call.result': entry.tool.result } },
        parent,
      );
      await sleep(5);
      tool.end();
    }
  }
  const text = (args.regressed && entry.regressed) || entry.answer;
  const llm = tracer.startSpan(
    'chat gpt-4o-mini',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 400,
        'gen_ai.usage.output_tokens': 40,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: question }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: text }] }]),
      },
    },
    parent,
  );
  await sleep(20);
  llm.end();
  return text;
}

async function readJson(request: IncomingMessage): Promise<{ input?: unknown }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { input?: unknown };
}

const server = createServer(async (request, response) => {
  if (request.method !== 'POST' || request.url !== '/chat') {
    response.writeHead(404).end();
    return;
  }
  // The caller's trace context: a suite case (or any traced client) becomes this request's parent.
  const parent = propagator.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter);
  const span = tracer.startSpan('POST /chat', { kind: SpanKind.SERVER, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-agent' } }, parent);
  try {
    const { input } = await readJson(request);
    const question = String(input ?? '');
    span.setAttribute('input.value', question);
    const output = await context.with(trace.setSpan(parent, span), () => answer(question, trace.setSpan(parent, span)));
    span.setAttribute('output.value', output);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ output }));
  } catch (error) {
    response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (error as Error).message }));
  } finally {
    span.end();
  }
});

server.listen(Number(args.port), '127.0.0.1', () => {
  const address = server.address();
  console.log(`support-agent ${VERSION} listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : args.port}/chat`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void provider.shutdown().then(() => process.exit(0));
  });
}
