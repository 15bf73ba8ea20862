// The collector role: OTLP/HTTP and OTLP/gRPC receivers feeding one batcher that inserts into
// ClickHouse. Closing stops accepting, finishes what was accepted, then returns.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Store } from '../core/clickhouse/client.ts';
import type { Config } from '../core/config.ts';
import { spanEncodingFor } from '../core/spans/insert.ts';
import * as metrics from '../core/metrics.ts';
import { Batcher, BufferFullError, InsertFailedError, ShuttingDownError, TooManyRowsError } from './batcher.ts';
import { createGrpcServer, bindGrpc, closeGrpc } from './grpc/server.ts';
import { createReceiverApp, type ReceiverDeps } from './http/app.ts';
import { acceptedWindow, prepareRows, type Normalize } from './ingest.ts';
import { logFailure } from './log.ts';

export interface CollectorOptions {
  config: Pick<Config, 'host' | 'ports' | 'maxBodyBytes' | 'ingest' | 'retentionDays'>;
  store: Store;
  authenticate: ReceiverDeps['authenticate'];
  normalize: Normalize;
}

/** One request's rows, encoded for the store. */
interface EncodedRows {
  rows: number;
  bytes: Buffer;
}

export interface Collector {
  httpPort: number;
  grpcPort: number;
  close(): Promise<void>;
}

/** How long requests in progress may take to finish when the collector stops. */
const DRAIN_MS = 4000;

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

export async function startCollector(options: CollectorOptions): Promise<Collector> {
  const { config, store } = options;
  // Each request's rows wait encoded for the store (one Native block, or JSON lines, per request),
  // encoded while the previous insert is still running; an insert only joins the parts.
  const encoding = spanEncodingFor(store);
  const batcher = new Batcher<EncodedRows>({
    insert: async (parts) => {
      const done = metrics.insertDuration.startTimer();
      await encoding.insert(store, parts.map((part) => part.bytes));
      done();
      metrics.insertRows.observe(parts.reduce((sum, part) => sum + part.rows, 0));
    },
    rowsOf: (part) => part.rows,
    maxPending: config.ingest.bufferMaxSpans,
    maxBatch: config.ingest.batchMaxSpans,
    concurrency: config.ingest.insertConcurrency,
    minIntervalMs: config.ingest.insertIntervalMs,
  });
  metrics.bufferCapacity.set(config.ingest.bufferMaxSpans);
  metrics.watchBuffer(() => batcher.pendingRows);
  let closing = false;
  const deps: ReceiverDeps = {
    authenticate: options.authenticate,
    async accept(projectId, spans) {
      metrics.spansReceived.inc(spans.length);
      const { rows, partial, rejectedByReason, tooLarge } = prepareRows(projectId, spans, options.normalize, acceptedWindow(Date.now(), config.retentionDays));
      if (tooLarge !== undefined) {
        metrics.spansRejected.inc({ reason: 'too_large' }, spans.length);
        throw new TooManyRowsError(tooLarge);
      }
      for (const [reason, count] of Object.entries(rejectedByReason)) metrics.spansRejected.inc({ reason }, count);
      if (rows.length === 0) return partial;
      const part = { rows: rows.length, bytes: encoding.encode(rows) };
      try {
        await batcher.submit([part]);
      } catch (error) {
        const reason = error instanceof BufferFullError ? 'buffer_full' : error instanceof TooManyRowsError ? 'too_large' : 'insert_failed';
        metrics.spansRejected.inc({ reason }, rows.length);
        if (error instanceof BufferFullError || error instanceof TooManyRowsError || error instanceof ShuttingDownError) throw error;
        // The engine's exception stays here: it may quote stored data, and the sender can only retry.
        logFailure('insert failed', `${rows.length} spans not stored, the sender was told to retry: ${error instanceof Error ? error.message : String(error)}`);
        throw new InsertFailedError();
      }
      metrics.spansAccepted.inc(rows.length);
      return partial;
    },
    ready: async () => !closing && (await store.client.ping()).success,
    maxBodyBytes: config.maxBodyBytes,
  };

  const timeoutMs = config.ingest.requestTimeoutMs;
  const http = await listenHttp(createReceiverApp(deps).fetch, config.host, config.ports.otlpHttp, 'VIGIL_OTLP_HTTP_PORT', timeoutMs);
  const grpc = createGrpcServer(deps, timeoutMs);
  let grpcPort: number;
  try {
    grpcPort = await bindGrpc(grpc, config.host, config.ports.otlpGrpc);
  } catch (error) {
    http.close();
    const message = (error as Error).message;
    const why = message.includes('EADDRINUSE') ? 'the port is already in use' : message;
    throw new PortInUseError(`cannot listen for OTLP/gRPC on ${config.host}:${config.ports.otlpGrpc} (VIGIL_OTLP_GRPC_PORT): ${why}`);
  }

  return {
    httpPort: (http.address() as AddressInfo).port,
    grpcPort,
    async close() {
      closing = true;
      // Stop accepting, let requests already inside reach the batcher (bounded), then insert
      // everything accepted. Requests still unfinished after the bound are cut and never acknowledged.
      const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      const cut = setTimeout(() => http.closeAllConnections(), DRAIN_MS);
      await Promise.all([httpClosed, closeGrpc(grpc, DRAIN_MS)]);
      clearTimeout(cut);
      await batcher.close();
    },
  };
}

type Fetch = Parameters<typeof serve>[0]['fetch'];

/** The default time a client has to send a whole request (VIGIL_REQUEST_TIMEOUT_MS). */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Starts an HTTP server for a fetch handler; a busy port is a clear error naming its variable. A
 * client gets `requestTimeoutMs` to send its headers and body, so slow clients cannot hold
 * connections open (OTLP exporters give up after 10 s by default anyway).
 */
export function listenHttp(fetch: Fetch, host: string, port: number, variable: string, requestTimeoutMs = REQUEST_TIMEOUT_MS): Promise<Server> {
  return new Promise((resolve, reject) => {
    const serverOptions = {
      headersTimeout: requestTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // Node checks the two timeouts only this often (default 30 s).
      connectionsCheckingInterval: Math.min(1000, requestTimeoutMs),
    };
    const server = serve({ fetch, hostname: host, port, serverOptions }) as Server;
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is already in use' : error.message;
      reject(new PortInUseError(`cannot listen on ${host}:${port} (${variable}): ${why}`));
    });
  });
}
