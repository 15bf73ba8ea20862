// OTLP/gRPC receiver: opentelemetry.proto.collector.trace.v1.TraceService/Export, served with a
// raw service definition (bytes in, bytes out) so decoding is the same as over HTTP.
// https://opentelemetry.io/docs/specs/otlp/#otlpgrpc
import type * as http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { BufferFullError, InsertFailedError, ShuttingDownError, TooManyRowsError } from '../batcher.ts';
import { unexpectedFailure } from '../log.ts';
import { IngestWorkError } from '../ingest-pool.ts';
import { OtlpDecodeError } from '../otlp/model.ts';
import { boundMessage, encodeExportResponse } from '../otlp/response.ts';
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
  callback({ code, details: boundMessage(details), metadata: metadata ?? new grpc.Metadata() } as grpc.ServiceError, null);
}

/** Connections live at most this long before the server asks the client to reconnect. */
const MAX_CONNECTION_AGE_MS = 10 * 60_000;

/**
 * `requestTimeoutMs` bounds slow clients. Every connection is pinged that often and dropped when the
 * ping is not answered as fast: a client still trickling its preface or headers byte by byte cannot
 * answer (an idle timeout does not help: grpc-js closes gracefully and such a connection never
 * finishes closing). A client that answers pings but trickles its message is cut when the
 * connection reaches its maximum age, that long after being asked to finish.
 */
export function createGrpcServer(deps: Omit<ReceiverDeps, 'ready'>, requestTimeoutMs: number): grpc.Server {
  const server = new grpc.Server({
    // grpc-js decompresses gzip/deflate messages itself and enforces the size limit on the result.
    'grpc.max_receive_message_length': deps.maxBodyBytes,
    'grpc.keepalive_time_ms': requestTimeoutMs,
    'grpc.keepalive_timeout_ms': requestTimeoutMs,
    'grpc.max_connection_age_ms': MAX_CONNECTION_AGE_MS,
    'grpc.max_connection_age_grace_ms': requestTimeoutMs,
  });
  // HTTP/2 forbids spaces around header values and Node drops such a header (RFC 9113 §8.2.1), so
  // "authorization:  Bearer <key> " would arrive as no key at all. grpc-js has no option for it: set
  // Node's own before the first bind (collector.test.ts fails if grpc-js stops reading it).
  (server as unknown as { commonServerOptions: http2.ServerOptions }).commonServerOptions.strictFieldWhitespaceValidation = false;
  const handler: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) => {
    void (async () => {
      const header = call.metadata.get('authorization')[0];
      // HTTP strips the spaces around a header value; gRPC metadata keeps them. Accept the same keys.
      const auth = await deps.authenticate(typeof header === 'string' ? header.trim() : undefined);
      if (!auth.ok) {
        const message = header ? auth.message : 'missing API key: send metadata "authorization: Bearer <key>"';
        return fail(callback, auth.status === 401 ? grpc.status.UNAUTHENTICATED : grpc.status.PERMISSION_DENIED, message);
      }
      const projectId = auth.projectId;
      try {
        const partial = await deps.accept(projectId, [call.request], 'protobuf');
        callback(null, Buffer.from(encodeExportResponse('protobuf', partial) as Uint8Array));
      } catch (error) {
        if (error instanceof OtlpDecodeError) return fail(callback, grpc.status.INVALID_ARGUMENT, error.message);
        if (error instanceof IngestWorkError && !error.retryable) return fail(callback, grpc.status.INTERNAL, error.message);
        // Not retryable: RESOURCE_EXHAUSTED without RetryInfo tells exporters to drop, not resend.
        if (error instanceof TooManyRowsError) return fail(callback, grpc.status.RESOURCE_EXHAUSTED, error.message);
        // UNAVAILABLE is retryable for OTLP exporters, so nothing is lost: the client sends again.
        // Only our own messages go out: the store's exceptions are logged by the collector.
        const retry = new grpc.Metadata();
        retry.set('retry-after', String(deps.retryAfterSeconds ?? 1));
        const details = error instanceof BufferFullError ? `${error.message}; retry later`
          : error instanceof InsertFailedError || error instanceof IngestWorkError ? error.message
          : error instanceof ShuttingDownError ? `spans not stored, retry: ${error.message}`
          : unexpectedFailure(error);
        fail(callback, grpc.status.UNAVAILABLE, details, retry);
      }
    })().catch((error: unknown) => {
      fail(callback, grpc.status.INTERNAL, unexpectedFailure(error));
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
