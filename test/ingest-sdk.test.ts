// The real OpenTelemetry JS exporters (protobuf, JSON, gRPC) send agent-shaped traces to a running
// Vigil; the stored rows carry the right types, models, tokens, costs and parent links.
import { Metadata } from '@grpc/grpc-js';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getExecution } from '../core/executions/repository.ts';
import { getTraceSpans, type StoredSpan } from '../core/spans/repository.ts';
import { DOCUMENT, SERVICE, exportSpans, recordAgentTrace } from './helpers/agent-trace.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

let vigil: TestVigil;
beforeAll(async () => {
  vigil = await startTestVigil();
});
afterAll(async () => {
  await vigil?.close();
});

const exporters: Record<string, () => SpanExporter> = {
  'OTLP/HTTP protobuf': () => new ProtoExporter({ url: vigil.otlpHttp, headers: { authorization: `Bearer ${vigil.key}` } }),
  'OTLP/HTTP protobuf, gzip': () => new ProtoExporter({ url: vigil.otlpHttp, headers: { authorization: `Bearer ${vigil.key}` }, compression: 'gzip' as never }),
  'OTLP/HTTP JSON': () => new JsonExporter({ url: vigil.otlpHttp, headers: { authorization: `Bearer ${vigil.key}` } }),
  'OTLP/HTTP JSON, gzip': () => new JsonExporter({ url: vigil.otlpHttp, headers: { authorization: `Bearer ${vigil.key}` }, compression: 'gzip' as never }),
  'OTLP/gRPC': () => new GrpcExporter({ url: `http://${vigil.otlpGrpc}`, metadata: grpcAuth(vigil.key) }),
  'OTLP/gRPC, gzip': () => new GrpcExporter({ url: `http://${vigil.otlpGrpc}`, metadata: grpcAuth(vigil.key), compression: 'gzip' as never }),
};

function grpcAuth(key: string): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${key}`);
  return metadata;
}

async function sendAndRead(name: string, outcome?: string): Promise<{ sent: ReadableSpan[]; stored: StoredSpan[] }> {
  const sent = await recordAgentTrace({ outcome });
  const exporter = exporters[name]!();
  const result = await exportSpans(exporter, sent);
  await exporter.shutdown();
  expect(result.error).toBeUndefined();
  expect(result.code).toBe(0);
  const traceId = sent[0]!.spanContext().traceId;
  await vigil.flush();
  return { sent, stored: await getTraceSpans(vigil.vigil.store.client, 'default', traceId) };
}

const byName = (stored: StoredSpan[], name: string) => {
  const span = stored.find((s) => s.name === name);
  if (!span) throw new Error(`no stored span named ${name}`);
  return span;
};

describe.each(Object.keys(exporters))('%s', (name) => {
  it('stores every span with normalized GenAI columns and parent links', async () => {
    const { sent, stored } = await sendAndRead(name);
    expect(stored).toHaveLength(sent.length);

    const root = byName(stored, 'invoke_agent support-bot');
    expect(root).toMatchObject({ parent_span_id: '', span_type: 'agent', agent_name: 'support-bot', service_name: SERVICE, session_id: 'session-42', user_id: 'user-7' });
    expect(root.attributes['custom.tenant']).toBe('acme');
    expect(root.resource_attributes['deployment.environment']).toBe('test');
    expect(root.scope_name).toBe('vigil-test-agent');
    for (const span of stored.filter((s) => s !== root)) expect(span.parent_span_id).toBe(root.span_id);

    for (const original of sent) {
      const span = byName(stored, original.name);
      expect(span.span_id).toBe(original.spanContext().spanId);
      expect(BigInt(span.end_time) - BigInt(span.start_time)).toBe(BigInt(span.duration_ns));
    }

    const plan = byName(stored, 'chat gpt-4o');
    expect(plan).toMatchObject({
      span_type: 'llm', kind: 'client', provider: 'openai', model: 'gpt-4o-2024-08-06', operation: 'chat',
      input_tokens: 1200, cached_tokens: 200, output_tokens: 300, cost_status: 'priced',
    });
    // gpt-4o: $2.50 input, $1.25 cached input, $10 output per million tokens.
    expect(plan.cost_usd).toBeCloseTo((1000 * 2.5 + 200 * 1.25 + 300 * 10) / 1e6, 10);
    expect(plan.input_text).toContain('Can I get a refund after 20 days?');
    expect(JSON.parse(plan.events)[0].name).toBe('gen_ai.content.chunk');

    const retrieval = byName(stored, 'retrieve refund policy');
    expect(retrieval).toMatchObject({ span_type: 'retriever', documents: [DOCUMENT, 'Store credit never expires.'] });

    const tool = byName(stored, 'execute_tool lookup_order');
    expect(tool).toMatchObject({ span_type: 'tool', tool_name: 'lookup_order', tool_call_id: 'call_1', status_code: 'error', status_message: 'order service slow' });
    expect(tool.output_text).toContain('delivered_days_ago');

    const answer = byName(stored, 'chat claude-sonnet-4-5');
    expect(answer).toMatchObject({ provider: 'anthropic', cost_status: 'priced' });
    expect(answer.output_text).toContain('within 14 days');

    const unknown = byName(stored, 'chat in-house-model');
    expect(unknown).toMatchObject({ cost_status: 'unpriced', cost_usd: 0, input_tokens: 10 });
  });
});

describe('executions', () => {
  it('summarizes a trace as one execution with its cost, errors and explicit outcome', async () => {
    const { sent, stored } = await sendAndRead('OTLP/HTTP protobuf', 'resolved');
    const execution = await getExecution(vigil.vigil.store.client, 'default', sent[0]!.spanContext().traceId);
    const cost = stored.reduce((sum, s) => sum + s.cost_usd, 0);
    expect(execution).toMatchObject({ name: 'invoke_agent support-bot', agentName: 'support-bot', outcome: 'resolved', spanCount: sent.length, errorCount: 1, llmCalls: 3, toolCalls: 1, unpricedSpans: 1 });
    expect(execution!.costUsd).toBeCloseTo(cost, 10);
  });

  it('serves a trace over the query API only to its own project', async () => {
    const { sent } = await sendAndRead('OTLP/HTTP JSON');
    const traceId = sent[0]!.spanContext().traceId;
    const ok = await fetch(`${vigil.api}/api/traces/${traceId}`, { headers: { authorization: `Bearer ${vigil.key}` } });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { spans: unknown[]; execution: { spanCount: number } };
    expect(body.spans).toHaveLength(sent.length);
    expect(body.execution.spanCount).toBe(sent.length);
    const anonymous = await fetch(`${vigil.api}/api/traces/${traceId}`);
    expect(anonymous.status).toBe(401);
    const bad = await fetch(`${vigil.api}/api/traces/not-a-trace`, { headers: { authorization: `Bearer ${vigil.key}` } });
    expect(bad.status).toBe(400);
  });
});
