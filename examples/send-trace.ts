// Sends one agent execution to Vigil with the OpenTelemetry Node SDK.
//   VIGIL_API_KEY=vgl_... npx node examples/send-trace.ts
// (README shows this file; test/example.test.ts runs it against a live Vigil.)
import { context, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';

const provider = new TracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'support-agent' }),
  spanProcessors: [
    new BatchSpanProcessor({
      exporter: new OTLPTraceExporter({
        url: process.env.VIGIL_OTLP_URL ?? 'http://127.0.0.1:4318/v1/traces',
        headers: { authorization: `Bearer ${process.env.VIGIL_API_KEY}` },
      }),
    }),
  ],
});
const tracer = provider.getTracer('support-agent');

const agent = tracer.startSpan('invoke_agent support-bot', {
  attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-bot', 'vigil.outcome': 'resolved' },
});
const inAgent = trace.setSpan(context.active(), agent);
const llm = tracer.startSpan(
  'chat gpt-4o',
  {
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 300,
    },
  },
  inAgent,
);
llm.end();
agent.end();
await provider.shutdown(); // flushes the batch to Vigil
console.log(`sent trace ${agent.spanContext().traceId}`);
