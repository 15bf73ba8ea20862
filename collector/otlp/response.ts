// Encodes the receiver's answers per the OTLP/HTTP spec: ExportTraceServiceResponse on success
// (with partial_success when spans were rejected) and google.rpc.Status on failure, in the
// request's own encoding (https://opentelemetry.io/docs/specs/otlp/#otlphttp-response).
import protobuf from 'protobufjs/minimal.js';

export type Encoding = 'protobuf' | 'json';

export interface PartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

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
    if (!partial || partial.rejectedSpans === 0) return '{}';
    return JSON.stringify({ partialSuccess: { rejectedSpans: String(partial.rejectedSpans), errorMessage: partial.errorMessage } });
  }
  const writer = protobuf.Writer.create();
  if (partial && partial.rejectedSpans > 0) {
    // ExportTraceServiceResponse.partial_success = 1 { rejected_spans = 1 (int64), error_message = 2 }
    writer.uint32((1 << 3) | 2).fork();
    writer.uint32((1 << 3) | 0).int64(partial.rejectedSpans);
    writer.uint32((2 << 3) | 2).string(partial.errorMessage);
    writer.ldelim();
  }
  return writer.finish();
}

export function encodeStatus(encoding: Encoding, code: number, message: string): Uint8Array | string {
  if (encoding === 'json') return JSON.stringify({ code, message });
  // google.rpc.Status { code = 1 (int32), message = 2 }
  const writer = protobuf.Writer.create();
  writer.uint32((1 << 3) | 0).int32(code);
  writer.uint32((2 << 3) | 2).string(message);
  return writer.finish();
}
