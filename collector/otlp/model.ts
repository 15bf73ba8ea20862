// The decoded form of an OTLP trace export, shared by the protobuf and JSON decoders.
// It follows opentelemetry-proto/trace/v1/trace.proto, flattened: each span carries its
// resource and scope, so later stages never walk the resource → scope → span nesting again.

/** OTLP AnyValue, decoded. int64 becomes a number (exact up to 2^53) and bytes become a Uint8Array. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | Uint8Array
  | AttributeValue[]
  | { [key: string]: AttributeValue };

export type Attributes = Record<string, AttributeValue>;

export interface OtlpScope {
  name: string;
  version: string;
}

export interface OtlpEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: Attributes;
}

export interface OtlpLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

/** Status.code per the spec: 0 UNSET, 1 OK, 2 ERROR. */
export type StatusCode = 0 | 1 | 2;

export interface OtlpSpan {
  /** Lowercase hex of the raw bytes, whatever their length; validity is checked after decoding. */
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  traceState: string;
  name: string;
  /** Span.SpanKind: 0 UNSPECIFIED, 1 INTERNAL, 2 SERVER, 3 CLIENT, 4 PRODUCER, 5 CONSUMER. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  events: OtlpEvent[];
  links: OtlpLink[];
  status: { code: StatusCode; message: string };
  /** Shared by reference between the spans of one ResourceSpans. */
  resource: Attributes;
  /** Shared by reference between the spans of one ScopeSpans. */
  scope: OtlpScope;
}

/** Thrown by the decoders for a payload that is not a valid ExportTraceServiceRequest. */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}
