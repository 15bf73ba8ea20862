// Encodes the receiver's answers per the OTLP/HTTP spec: ExportTraceServiceResponse on success
// (with partial_success when spans were rejected) and google.rpc.Status on failure, in the
// request's own encoding (https://opentelemetry.io/docs/specs/otlp/#otlphttp-response).
import protobuf from 'protobufjs/minimal.js';

export type Encoding = 'protobuf' | 'json';

/**
 * Spans rejected and why. With no span rejected, a non-empty message is a warning: the spec lets a
 * server accept everything and still say what it changed.
 */
export interface PartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

/** Longest message sent back: every message names at most a few spans, cut short, never all of them. */
export const MAX_MESSAGE_CHARS = 4096;

export function boundMessage(message: string): string {
  return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}… (message cut)` : message;
}

const hasPartialSuccess = (partial?: PartialSuccess): partial is PartialSuccess =>
  partial !== undefined && (partial.rejectedSpans > 0 || partial.errorMessage !== '');

/** google.rpc.Code values used here. */
export const RpcCode = {
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  PERMISSION_DENIED: 7,
  UNAUTHENTICATED: 16,
  UNAVAILABLE: 14,
  INTERNAL: 13,
} as const;

export function encodeExportResponse(encoding: Encoding, partial?: PartialSuccess): Uint8Array | string {
  if (encoding === 'json') {
    if (!hasPartialSuccess(partial)) return '{}';
    return JSON.stringify({ partialSuccess: { rejectedSpans: String(partial.rejectedSpans), errorMessage: boundMessage(partial.errorMessage) } });
  }
  const writer = protobuf.Writer.create();
  if (hasPartialSuccess(partial)) {
    // ExportTraceServiceResponse.partial_success = 1 { rejected_spans = 1 (int64), error_message = 2 }
    writer.uint32((1 << 3) | 2).fork();
    writer.uint32((1 << 3) | 0).int64(partial.rejectedSpans);
    writer.uint32((2 << 3) | 2).string(boundMessage(partial.errorMessage));
    writer.ldelim();
  }
  return writer.finish();
}

export function encodeStatus(encoding: Encoding, code: number, message: string): Uint8Array | string {
  if (encoding === 'json') return JSON.stringify({ code, message: boundMessage(message) });
  // google.rpc.Status { code = 1 (int32), message = 2 }
  const writer = protobuf.Writer.create();
  writer.uint32((1 << 3) | 0).int32(code);
  writer.uint32((2 << 3) | 2).string(boundMessage(message));
  return writer.finish();
}
