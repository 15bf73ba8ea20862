// Per-span checks after decoding. The OTLP spec has a receiver reject individual invalid spans
// and report them through partial success, rather than rejecting the whole request.
import type { OtlpSpan } from './model.ts';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ALL_ZEROS = /^0+$/;

/**
 * The reason `span` must be rejected, or undefined when it is acceptable. Ids must be lowercase hex
 * of the right length and not all zeros (the spec's invalid ids); end before start is kept.
 */
export function validateSpan(span: OtlpSpan): string | undefined {
  if (!TRACE_ID.test(span.traceId)) return `invalid trace_id ${show(span.traceId)}: expected 16 bytes (32 hex characters)`;
  if (ALL_ZEROS.test(span.traceId)) return 'invalid trace_id: all zeros';
  if (!SPAN_ID.test(span.spanId)) return `invalid span_id ${show(span.spanId)}: expected 8 bytes (16 hex characters)`;
  if (ALL_ZEROS.test(span.spanId)) return 'invalid span_id: all zeros';
  if (span.parentSpanId !== '' && !SPAN_ID.test(span.parentSpanId)) {
    return `invalid parent_span_id ${show(span.parentSpanId)}: expected empty or 8 bytes (16 hex characters)`;
  }
  return undefined;
}

/** Quotes an offending id, cut short so a hostile value cannot flood the response or the logs. */
function show(id: string): string {
  return JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id);
}
