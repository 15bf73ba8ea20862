// OTLP/HTTP receiver: POST /v1/traces (protobuf or JSON, optionally gzip), plus health probes.
// https://opentelemetry.io/docs/specs/otlp/#otlphttp
import { Hono } from 'hono';
import type { AuthResult } from '../../core/projects/auth.ts';
import { BufferFullError, InsertFailedError, ShuttingDownError, TooManyRowsError } from '../batcher.ts';
import { logFailure, unexpectedFailure } from '../log.ts';
import { IngestWorkError } from '../ingest-pool.ts';
import { OtlpDecodeError } from '../otlp/model.ts';
import { encodeExportResponse, encodeStatus, RpcCode, type Encoding, type PartialSuccess } from '../otlp/response.ts';
import { BodyError, decodeContent, readLimited } from './body.ts';

export interface ReceiverDeps {
  /** The project of the request's `Authorization` header, or why it may not send traces. */
  authenticate(authorization: string | undefined): Promise<AuthResult>;
  /**
   * Decodes and stores an export request's spans (resolves once they are safe) and reports the ones
   * rejected. Throws OtlpDecodeError when the body is not a readable export request.
   */
  accept(projectId: string, body: readonly Uint8Array[], encoding: Encoding): Promise<PartialSuccess>;
  ready(): Promise<boolean>;
  maxBodyBytes: number;
  /** Seconds a throttled client should wait before retrying. */
  retryAfterSeconds?: number;
}

const CONTENT_TYPES: Record<string, Encoding> = {
  'application/x-protobuf': 'protobuf',
  'application/protobuf': 'protobuf',
  'application/json': 'json',
};

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

export function createReceiverApp(deps: ReceiverDeps): Hono {
  const app = new Hono();
  const retryAfter = String(deps.retryAfterSeconds ?? 1);

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => ((await deps.ready()) ? c.json({ status: 'ready' }) : c.json({ status: 'not ready' }, 503)));

  app.post('/v1/traces', async (c) => {
    const contentType = mediaType(c.req.header('content-type'));
    const encoding = CONTENT_TYPES[contentType];
    const reply = (status: 400 | 401 | 403 | 413 | 415 | 429 | 503 | 500, code: number, message: string, headers: Record<string, string> = {}) => {
      const enc = encoding ?? 'json';
      const body = encodeStatus(enc, code, message);
      return c.body(body as never, status, { 'content-type': enc === 'json' ? 'application/json' : 'application/x-protobuf', ...headers });
    };

    const auth = await deps.authenticate(c.req.header('authorization'));
    if (!auth.ok) {
      const code = auth.status === 401 ? RpcCode.UNAUTHENTICATED : RpcCode.PERMISSION_DENIED;
      return reply(auth.status, code, auth.message, auth.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
    }
    const projectId = auth.projectId;
    if (!encoding) {
      return reply(415, RpcCode.INVALID_ARGUMENT, `unsupported Content-Type ${JSON.stringify(contentType || '(none)')}: use application/x-protobuf or application/json`);
    }
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > deps.maxBodyBytes) {
      return reply(413, RpcCode.INVALID_ARGUMENT, `request body of ${declared} bytes exceeds the limit of ${deps.maxBodyBytes} bytes (VIGIL_MAX_BODY_BYTES)`);
    }

    let body: Uint8Array[];
    try {
      const raw = await readLimited(c.req.raw.body, deps.maxBodyBytes);
      body = await decodeContent(raw, c.req.header('content-encoding'), deps.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyError) return reply(error.status, RpcCode.INVALID_ARGUMENT, error.message);
      if (c.req.raw.signal.aborted || (error as NodeJS.ErrnoException | undefined)?.code === 'ECONNRESET') {
        // Nobody is left to answer; a client going away is routine, not a server error.
        logFailure('client disconnected', 'the connection closed before the whole request body arrived; nothing was stored');
        return reply(400, RpcCode.INVALID_ARGUMENT, 'the request body ended early');
      }
      throw error;
    }

    let partial: PartialSuccess;
    try {
      partial = await deps.accept(projectId, body, encoding);
    } catch (error) {
      if (error instanceof OtlpDecodeError) return reply(400, RpcCode.INVALID_ARGUMENT, error.message);
      if (error instanceof IngestWorkError && !error.retryable) return reply(500, RpcCode.INTERNAL, error.message);
      if (error instanceof TooManyRowsError) return reply(413, RpcCode.INVALID_ARGUMENT, error.message);
      if (error instanceof BufferFullError) {
        return reply(429, RpcCode.RESOURCE_EXHAUSTED, `${error.message}; retry after ${retryAfter}s`, { 'retry-after': retryAfter });
      }
      // Nothing of this request was stored; the client may retry (OTLP treats 503 as retryable).
      // Only our own messages go out: the store's exceptions are logged by the collector.
      const message = error instanceof InsertFailedError || error instanceof IngestWorkError ? error.message
        : error instanceof ShuttingDownError ? `spans not stored, retry: ${error.message}`
        : unexpectedFailure(error);
      return reply(503, RpcCode.UNAVAILABLE, message, { 'retry-after': retryAfter });
    }
    const answer = encodeExportResponse(encoding, partial);
    return c.body(answer as never, 200, { 'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf' });
  });

  app.notFound((c) => c.json({ code: 404, message: `no route ${c.req.method} ${c.req.path}; OTLP traces go to POST /v1/traces` }, 404));
  app.onError((error, c) => c.json({ code: RpcCode.INTERNAL, message: unexpectedFailure(error) }, 500));
  return app;
}
