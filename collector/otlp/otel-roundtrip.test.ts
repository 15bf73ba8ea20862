// Round trips through the real OpenTelemetry JS exporters: what the SDK recorded (InMemorySpanExporter)
// must be exactly what our decoders read from the bytes the OTLP/HTTP exporters put on the wire.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, createTraceState, trace, type HrTime,
} from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpHttpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTraceRequestJson } from './decode-json.ts';
import { decodeTraceRequestProtobuf } from './decode-protobuf.ts';
import { OtlpDecodeError, type Attributes, type OtlpSpan } from './model.ts';

interface CapturedRequest { contentType: string; body: Buffer }

const captured: CapturedRequest[] = [];
let server: Server;
let recorded: ReadableSpan[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const contentType = request.headers['content-type'] ?? '';
      captured.push({ contentType, body: Buffer.concat(chunks) });
      response.writeHead(200, { 'content-type': contentType });
      response.end(contentType.includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;

  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'travel-agent', 'service.version': '0.4.2', 'host.cores': 2 }),
    spanProcessors: [
      new SimpleSpanProcessor({ exporter: memory }),
      new BatchSpanProcessor({ exporter: new OtlpHttpProtobufExporter({ url }) }),
      new BatchSpanProcessor({ exporter: new OtlpHttpJsonExporter({ url }) }),
    ],
  });
  emitAgentTrace(provider);
  await provider.forceFlush();
  recorded = memory.getFinishedSpans();
  await provider.shutdown();
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** An agent run: remote parent with trace state, two LLM calls (one failing), one retrieval. */
function emitAgentTrace(provider: TracerProvider): void {
  const agentTracer = provider.getTracer('vigil-test-agent', '1.2.3');
  const retrieverTracer = provider.getTracer('vigil-test-retriever');
  const remoteParent = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: createTraceState('vigil=run42,other=x'),
  });
  const agent = agentTracer.startSpan('invoke_agent travel-planner', {
    kind: SpanKind.SERVER,
    startTime: [1_760_000_000, 123_456_789],
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'travel-planner' },
  }, remoteParent);
  const inAgent = trace.setSpan(remoteParent, agent);

  const firstCall = agentTracer.startSpan('chat gpt-4o', {
    kind: SpanKind.CLIENT,
    startTime: [1_760_000_000, 200_000_000],
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 1250,
      'gen_ai.usage.output_tokens': 87,
      'gen_ai.request.temperature': 0.7,
      'gen_ai.request.stream': false,
      'gen_ai.response.finish_reasons': ['stop', 'length'],
      'gen_ai.request.seed': -42,
      'vigil.test.big_int': 2 ** 40,
      'vigil.test.bytes': new Uint8Array([0, 1, 254, 255]),
      'vigil.test.map': { tool: 'search', args: { query: 'Lisbon', limit: 5 }, flags: [true, 1.5] },
    },
  }, inAgent);
  firstCall.addEvent('gen_ai.content.prompt', { 'gen_ai.prompt': 'Plan 3 days in Lisbon' }, [1_760_000_000, 200_000_001]);
  firstCall.end([1_760_000_001, 999_999_999]);

  const retrieval = retrieverTracer.startSpan('retrieve documents', {
    kind: SpanKind.CLIENT,
    attributes: { 'db.system': 'qdrant', 'gen_ai.retrieval.documents': 3, 'retrieval.scores': [0.91, 0.87, 0.5] },
    links: [{
      context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED, isRemote: true },
      attributes: { 'link.reason': 'cached-embedding' },
    }],
  }, inAgent);
  retrieval.end();

  const secondCall = agentTracer.startSpan('chat claude', {
    kind: SpanKind.CLIENT,
    attributes: { 'gen_ai.request.model': 'claude', 'gen_ai.usage.input_tokens': 0, 'gen_ai.request.stop_sequences': [] },
  }, inAgent);
  secondCall.recordException(new Error('429 Too Many Requests'));
  secondCall.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
  secondCall.end();

  agent.setStatus({ code: SpanStatusCode.OK });
  agent.end();
}

function nanos([seconds, nanoseconds]: HrTime): bigint {
  return BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds);
}

/** The SDK's view of a span in our model's terms: the expected result of decoding. */
function expectedSpan(span: ReadableSpan): OtlpSpan {
  const context = span.spanContext();
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? '',
    traceState: context.traceState?.serialize() ?? '',
    name: span.name,
    kind: span.kind + 1, // the API's SpanKind starts at INTERNAL = 0; OTLP's at UNSPECIFIED = 0
    startTimeUnixNano: nanos(span.startTime),
    endTimeUnixNano: nanos(span.endTime),
    attributes: span.attributes as Attributes,
    events: span.events.map((event) => ({
      timeUnixNano: nanos(event.time), name: event.name, attributes: (event.attributes ?? {}) as Attributes,
    })),
    links: span.links.map((link) => ({
      traceId: link.context.traceId, spanId: link.context.spanId, attributes: (link.attributes ?? {}) as Attributes,
    })),
    status: { code: span.status.code, message: span.status.message ?? '' },
    resource: span.resource.attributes as Attributes,
    scope: { name: span.instrumentationScope.name, version: span.instrumentationScope.version ?? '' },
  };
}

function bySpanId(spans: OtlpSpan[]): OtlpSpan[] {
  return [...spans].sort((a, b) => a.spanId.localeCompare(b.spanId));
}

function bodyOf(kind: 'protobuf' | 'json'): Buffer {
  const request = captured.find((r) => r.contentType.includes(kind));
  if (!request) throw new Error(`no ${kind} request captured (got ${captured.map((r) => r.contentType).join(', ')})`);
  return request.body;
}

describe('decoding what the OpenTelemetry JS exporters send', () => {
  it.each(['protobuf', 'json'] as const)('decodes OTLP/HTTP %s into exactly the spans the SDK recorded', (kind) => {
    const body = bodyOf(kind);
    const decoded = kind === 'protobuf' ? decodeTraceRequestProtobuf(body) : decodeTraceRequestJson(body.toString('utf8'));

    expect(recorded).toHaveLength(4);
    expect(bySpanId(decoded)).toEqual(bySpanId(recorded.map(expectedSpan)));
  });

  it.each(['protobuf', 'json'] as const)('keeps the agent-relevant details of %s spans', (kind) => {
    const body = bodyOf(kind);
    const spans = kind === 'protobuf' ? decodeTraceRequestProtobuf(body) : decodeTraceRequestJson(body.toString('utf8'));
    const agent = spans.find((s) => s.name === 'invoke_agent travel-planner')!;
    const firstCall = spans.find((s) => s.name === 'chat gpt-4o')!;
    const secondCall = spans.find((s) => s.name === 'chat claude')!;
    const retrieval = spans.find((s) => s.name === 'retrieve documents')!;

    expect(agent).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '00f067aa0ba902b7', traceState: 'vigil=run42,other=x',
      kind: 2, startTimeUnixNano: 1_760_000_000_123_456_789n, status: { code: 1, message: '' },
    });
    expect(firstCall.parentSpanId).toBe(agent.spanId);
    expect(firstCall.endTimeUnixNano).toBe(1_760_000_001_999_999_999n);
    expect(firstCall.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 1250, 'gen_ai.request.temperature': 0.7, 'gen_ai.request.stream': false,
      'gen_ai.response.finish_reasons': ['stop', 'length'], 'gen_ai.request.seed': -42, 'vigil.test.big_int': 2 ** 40,
      'vigil.test.bytes': new Uint8Array([0, 1, 254, 255]),
      'vigil.test.map': { tool: 'search', args: { query: 'Lisbon', limit: 5 }, flags: [true, 1.5] },
    });
    expect(firstCall.events).toEqual([{
      timeUnixNano: 1_760_000_000_200_000_001n, name: 'gen_ai.content.prompt', attributes: { 'gen_ai.prompt': 'Plan 3 days in Lisbon' },
    }]);
    expect(secondCall.status).toEqual({ code: 2, message: 'rate limited' });
    expect(secondCall.events[0]?.name).toBe('exception');
    expect(secondCall.attributes['gen_ai.request.stop_sequences']).toEqual([]);
    expect(retrieval.links).toEqual([{
      traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', attributes: { 'link.reason': 'cached-embedding' },
    }]);
    expect(retrieval.scope).toEqual({ name: 'vigil-test-retriever', version: '' });
    expect(firstCall.scope).toEqual({ name: 'vigil-test-agent', version: '1.2.3' });
    expect(agent.resource).toMatchObject({ 'service.name': 'travel-agent', 'host.cores': 2 });
    // One resource object and one scope object per group, shared by reference.
    expect(retrieval.resource).toBe(agent.resource);
    expect(secondCall.scope).toBe(firstCall.scope);
  });
});

describe('malformed protobuf derived from a real export', () => {
  /** Runs decode on each input; returns the errors that were not OtlpDecodeError. */
  function foreignErrors(inputs: Iterable<Uint8Array>): string[] {
    const foreign: string[] = [];
    for (const input of inputs) {
      try {
        decodeTraceRequestProtobuf(input);
      } catch (error) {
        if (!(error instanceof OtlpDecodeError)) foreign.push(String(error));
      }
    }
    return foreign;
  }

  it('either decodes or throws OtlpDecodeError for every prefix of the payload', () => {
    const body = bodyOf('protobuf');
    const prefixes = Array.from({ length: body.length }, (_, n) => body.subarray(0, n));
    expect(foreignErrors(prefixes)).toEqual([]);
    expect(() => decodeTraceRequestProtobuf(body.subarray(0, body.length - 1))).toThrow(
      /^invalid protobuf: truncated input: length \d+ exceeds the \d+ bytes left in resourceSpans\[0\] at byte \d+$/,
    );
  });

  it('either decodes or throws OtlpDecodeError with any single byte corrupted', () => {
    const body = bodyOf('protobuf');
    function* corrupted(): Generator<Uint8Array> {
      for (let i = 0; i < body.length; i++) {
        for (const value of [0x00, 0x07, 0x7f, 0x80, 0xff, body[i]! ^ 0x5a]) {
          const copy = Buffer.from(body);
          copy[i] = value;
          yield copy;
        }
      }
    }
    expect(foreignErrors(corrupted())).toEqual([]);
  });
});
