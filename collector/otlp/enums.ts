// OTLP enums as the decoders need them: numbers on the wire, names accepted in OTLP/JSON.
import type { StatusCode } from './model.ts';

/** Span.SpanKind names (trace.proto), for OTLP/JSON senders that write enum names. */
export const SPAN_KIND_BY_NAME: ReadonlyMap<string, number> = new Map([
  ['SPAN_KIND_UNSPECIFIED', 0], ['SPAN_KIND_INTERNAL', 1], ['SPAN_KIND_SERVER', 2],
  ['SPAN_KIND_CLIENT', 3], ['SPAN_KIND_PRODUCER', 4], ['SPAN_KIND_CONSUMER', 5],
]);

export const STATUS_CODE_BY_NAME: ReadonlyMap<string, number> = new Map([
  ['STATUS_CODE_UNSET', 0], ['STATUS_CODE_OK', 1], ['STATUS_CODE_ERROR', 2],
]);

/** Enums are open in proto3; a status code the spec does not define reads as UNSET. */
export function toStatusCode(code: number): StatusCode {
  return code === 1 || code === 2 ? code : 0;
}
