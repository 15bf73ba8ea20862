// OTLP/gRPC receiver: opentelemetry.proto.collector.trace.v1.TraceService/Export, served with a
// raw service definition (bytes in, bytes out) so decoding is the same as over HTTP.
// https://opentelemetry.io/docs/specs/otlp/#otlpgrpc
import * as grpc from '@grpc/grpc-js';
import { BufferFullError, TooManyRowsError } from '../batcher.ts';
import { decodeTraceRequestProtobuf } from '../otlp/decode-protobuf.ts';
import { OtlpDecodeError } from '../otlp/model.ts';
import { encodeExportResponse } from '../otlp/response.ts';
import type { ReceiverDeps } from '../http/app.ts';

const identity = (b: Buffer) => b;

const TRACE_SERVICE: grpc.ServiceDefinition = {
  Export: {
    path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

function fail(callback: grpc.sendUnaryData<Buffer>, code: grpc.status, details: string, metadata?: grpc.Metadata): void {
  callback({ code, details, metadata: metadata ?? new grpc.Metadata() } as grpc.ServiceError, null);
}

export function createGrpcServer(deps: Omit<ReceiverDeps, 'ready'>): grpc.Server {
  // grpc-js decompresses gzip/deflate messages itself and enforces the size limit on the result.
  const server = new grpc.Server({ 'grpc.max_receive_message_length': deps.maxBodyBytes });
  const handler: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) => {
    void (async () => {
      const header = call.metadata.get('authorization')[0];
      const auth = await deps.authenticate(typeof header === 'string' ? header : undefined);
      if (!auth.ok) {
        const message = header ? auth.message : 'missing API key: send metadata "authorization: Bearer <key>"';
        return fail(callback, auth.status === 401 ? grpc.status.UNAUTHENTICATED : grpc.status.PERMISSION_DENIED, message);
      }
      const projectId = auth.projectId;
      let spans;
      try {
        spans = decodeTraceRequestProtobuf(call.request);
      } catch (error) {
        if (error instanceof OtlpDecodeError) return fail(callback, grpc.status.INVALID_ARGUMENT, error.message);
        throw error;
      }
      try {
        const partial = await deps.accept(projectId, spans);
        callback(null, Buffer.from(encodeExportResponse('protobuf', partial) as Uint8Array));
      } catch (error) {
        // Not retryable: RESOURCE_EXHAUSTED without RetryInfo tells exporters to drop, not resend.
        if (error instanceof TooManyRowsError) return fail(callback, grpc.status.RESOURCE_EXHAUSTED, error.message);
        // UNAVAILABLE is retryable for OTLP exporters, so nothing is lost: the client sends again.
        const retry = new grpc.Metadata();
        retry.set('retry-after', String(deps.retryAfterSeconds ?? 1));
        const message = error instanceof Error ? error.message : String(error);
        const details = error instanceof BufferFullError ? `${message}; retry later` : `spans not stored, retry: ${message}`;
        fail(callback, grpc.status.UNAVAILABLE, details, retry);
      }
    })().catch((error: unknown) => {
      console.error('collector: unexpected gRPC error', error);
      fail(callback, grpc.status.INTERNAL, 'internal error');
    });
  };
  server.addService(TRACE_SERVICE, { Export: handler });
  return server;
}

export function bindGrpc(server: grpc.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, boundPort) => {
      if (error) reject(error);
      else resolve(boundPort);
    });
  });
}

export function closeGrpc(server: grpc.Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, timeoutMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
