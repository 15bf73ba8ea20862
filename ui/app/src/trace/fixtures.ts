// Test helpers: spans with only the fields a test cares about; times in milliseconds after a base.
import type { Span, TimelineSpan } from '../../../server/schemas.ts';

const BASE_NS = 1_780_000_000_000_000_000n;

export interface SpanSpec extends Partial<Omit<Span, 'tokens' | 'status'>> {
  spanId: string;
  parent?: string;
  start?: number;
  end?: number;
  tokens?: Partial<Span['tokens']>;
  error?: boolean;
}

export function makeSpan(spec: SpanSpec): Span {
  const { parent = '', start = 0, end = start + 1, error = false, tokens, ...rest } = spec;
  const startNs = BASE_NS + BigInt(Math.round(start * 1e6));
  const endNs = BASE_NS + BigInt(Math.round(end * 1e6));
  return {
    traceId: 't1', parentSpanId: parent, name: spec.spanId, kind: 'internal', type: 'other',
    serviceName: 'svc', agentName: '', operation: '', provider: '', model: '',
    startTime: new Date(Number(startNs / 1_000_000n)).toISOString(),
    startTimeUnixNano: startNs.toString(), endTimeUnixNano: endNs.toString(), durationMs: end - start,
    status: { code: error ? 'error' : 'unset', message: error ? 'boom' : '' },
    tokens: { input: 0, output: 0, cached: 0, reasoning: 0, ...tokens },
    costUsd: 0, costStatus: 'none', sessionId: '', userId: '', outcome: '', input: '', output: '',
    inputMessages: [], outputMessages: [], tool: null, documents: [], attributes: {}, resourceAttributes: {},
    scope: { name: '', version: '' }, events: [], exceptions: [], links: [],
    ...rest,
  };
}

const SUMMARY_KEYS = ['traceId', 'spanId', 'parentSpanId', 'name', 'kind', 'type', 'serviceName', 'agentName', 'operation', 'provider', 'model',
  'startTime', 'startTimeUnixNano', 'endTimeUnixNano', 'durationMs', 'status', 'tokens', 'costUsd', 'costStatus'] as const;

/** The span as GET /api/traces/{id}/timeline returns it: no text, messages, attributes or events. */
export function makeTimelineSpan(spec: SpanSpec & { toolName?: string }): TimelineSpan {
  const span = makeSpan(spec);
  return { ...Object.fromEntries(SUMMARY_KEYS.map((k) => [k, span[k]])), toolName: spec.toolName ?? '' } as TimelineSpan;
}
