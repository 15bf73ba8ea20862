// Hand-built OTLP/JSON requests, for inputs the SDK would never produce.
import { randomBytes } from 'node:crypto';

export interface SpanSpec {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  attributes?: Record<string, string | number>;
}

export const newTraceId = () => randomBytes(16).toString('hex');
export const newSpanId = () => randomBytes(8).toString('hex');

export function otlpJson(specs: SpanSpec[], service = 'json-client'): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  const spans = specs.map((s, i) => ({
    traceId: s.traceId ?? newTraceId(),
    spanId: s.spanId ?? newSpanId(),
    parentSpanId: s.parentSpanId ?? '',
    name: s.name ?? `span-${i}`,
    kind: 1,
    startTimeUnixNano: String(now),
    endTimeUnixNano: String(now + 5_000_000n),
    attributes: Object.entries(s.attributes ?? {}).map(([key, value]) => ({
      key,
      value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value },
    })),
    status: {},
  }));
  return JSON.stringify({
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ scope: { name: 'hand' }, spans }] }],
  });
}
