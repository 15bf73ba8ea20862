// The collector role: OTLP/HTTP and OTLP/gRPC receivers feeding one sink (a journal on the embedded
// engine, a batcher for a server) that inserts into ClickHouse. Closing stops accepting, finishes
// what was accepted, then returns.
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Store } from '../core/clickhouse/client.ts';
import type { Config } from '../core/config.ts';
import { insertMissingNativeFiles, insertNativeFiles, jsonSpans } from '../core/spans/insert.ts';
import type { PriceEntry } from '../core/pricing/index.ts';
import * as metrics from '../core/metrics.ts';
import { Batcher, BufferFullError, InsertFailedError, ShuttingDownError, TooManyRowsError } from './batcher.ts';
import { createGrpcServer, bindGrpc, closeGrpc } from './grpc/server.ts';
import { createReceiverApp, type ReceiverDeps } from './http/app.ts';
import { IngestPool } from './ingest-pool.ts';
import type { RowFormat } from './ingest-work.ts';
import { SpanJournal } from './journal.ts';
import { logFailure } from './log.ts';
import { OtlpDecodeError } from './otlp/model.ts';

export interface CollectorOptions {
  config: Pick<Config, 'host' | 'ports' | 'maxBodyBytes' | 'ingest' | 'retentionDays'>;
  store: Store;
  authenticate: ReceiverDeps['authenticate'];
  /** Prices from VIGIL_PRICES_FILE, ahead of the built-in table. */
  priceOverrides: readonly PriceEntry[];
}

/**
 * Where accepted rows go: `submit` resolves once they are safe (journaled or inserted). The journal
 * keeps no reference to `encoded` once `submit` settles, as a block may live in an ingest lane that
 * the next request reuses.
 */
interface SpanSink {
  /** The rows' encoding: Native blocks for the journal, JSON lines for a server. */
  readonly format: RowFormat;
  submit(encoded: Buffer, rows: number): Promise<void>;
  readonly pendingRows: number;
  /** Resolves once every span acknowledged before the call is inserted. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The journal's directory: in the data directory, or, with VIGIL_JOURNAL_DIR, in a folder of that
 * directory named after the data directory, so that Vigils with different data never share one (the
 * data directory is locked by its process; a shared journal would insert one's spans into the other).
 */
function journalDir(root: string | undefined, dataDir: string): string {
  if (root === undefined) return join(dataDir, 'vigil-journal');
  // Absolute: the engine reads the files with file(), which takes relative paths from elsewhere.
  return join(resolve(root), `vigil-journal-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`);
}

/** The default least time between two inserts: journaled on the embedded engine, awaited on a server. */
const INTERVAL_MS = { embedded: 1000, server: 100 };

/**
 * On the embedded engine, requests are acknowledged once journaled and inserts gather a second of
 * them (journal.ts). A ClickHouse server has no local journal: each request's rows wait, encoded as
 * JSON lines, for the insert that stores them (batcher.ts).
 */
async function openSink(ingest: Config['ingest'], store: Store): Promise<SpanSink> {
  const intervalMs = ingest.insertIntervalMs ?? INTERVAL_MS[store.kind];
  const observe = (rows: number, seconds: number) => {
    metrics.insertDuration.observe(seconds);
    metrics.insertRows.observe(rows);
  };
  if (store.kind === 'embedded') {
    const { journal, recovered } = await SpanJournal.open({
      dir: journalDir(ingest.journalDir, store.location),
      insert: (glob) => insertNativeFiles(store, glob),
      insertMissing: (glob, sinceMs) => insertMissingNativeFiles(store, glob, sinceMs),
      maxPending: ingest.bufferMaxSpans,
      maxBatch: ingest.batchMaxSpans,
      intervalMs,
      log: (line) => console.error(line),
      inserted: observe,
    });
    if (recovered.batches > 0) {
      const aside = recovered.setAside > 0 ? `; ${recovered.setAside} files could not be stored and were set aside (see above)` : '';
      console.error(`vigil: journal: stored ${recovered.files} files of spans acknowledged before the last stop${aside}`);
    }
    return {
      format: 'native',
      submit: (encoded, rows) => journal.append(encoded, rows),
      get pendingRows() {
        return journal.pendingRows;
      },
      flush: () => journal.flush(),
      close: () => journal.close(),
    };
  }
  const batcher = new Batcher<{ rows: number; bytes: Buffer }>({
    insert: async (parts) => {
      const started = performance.now();
      await jsonSpans.insert(store, parts.map((part) => part.bytes));
      observe(parts.reduce((sum, part) => sum + part.rows, 0), (performance.now() - started) / 1000);
    },
    rowsOf: (part) => part.rows,
    maxPending: ingest.bufferMaxSpans,
    maxBatch: ingest.batchMaxSpans,
    concurrency: ingest.insertConcurrency,
    minIntervalMs: intervalMs,
  });
  return {
    format: 'json',
    submit: (bytes, rows) => batcher.submit([{ rows, bytes }]),
    get pendingRows() {
      return batcher.pendingRows;
    },
    // The batcher acknowledges only what it inserted.
    flush: async () => {},
    close: () => batcher.close(),
  };
}

export interface Collector {
  httpPort: number;
  grpcPort: number;
  /**
   * Resolves once every span acknowledged before the call is queryable (the embedded engine inserts
   * journaled spans about a second after acknowledging them).
   */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** How long requests in progress may take to finish when the collector stops. */
const DRAIN_MS = 4000;

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

export async function startCollector(options: CollectorOptions): Promise<Collector> {
  const { config, store } = options;
  const sink = await openSink(config.ingest, store);
  const pool = new IngestPool({ format: sink.format, retentionDays: config.retentionDays, priceOverrides: options.priceOverrides }, config.ingest.workers);
  metrics.bufferCapacity.set(config.ingest.bufferMaxSpans);
  metrics.watchBuffer(() => sink.pendingRows);
  let closing = false;
  const deps: ReceiverDeps = {
    authenticate: options.authenticate,
    accept: (projectId, body, encoding) =>
      pool.run({ projectId, body, encoding, receivedAtMs: Date.now() }, async (result) => {
        if (result.kind === 'unreadable') throw new OtlpDecodeError(result.message);
        metrics.spansReceived.inc(result.received);
        if (result.kind === 'too_large') {
          metrics.spansRejected.inc({ reason: 'too_large' }, result.received);
          throw new TooManyRowsError(result.message);
        }
        const { rows, partial, rejectedByReason } = result;
        for (const [reason, count] of Object.entries(rejectedByReason)) metrics.spansRejected.inc({ reason }, count);
        if (rows === 0) return partial;
        try {
          await sink.submit(Buffer.from(result.encoded.buffer, result.encoded.byteOffset, result.encoded.byteLength), rows);
        } catch (error) {
          const reason = error instanceof BufferFullError ? 'buffer_full' : error instanceof TooManyRowsError ? 'too_large' : 'insert_failed';
          metrics.spansRejected.inc({ reason }, rows);
          if (error instanceof BufferFullError || error instanceof TooManyRowsError || error instanceof ShuttingDownError || error instanceof InsertFailedError) throw error;
          // The engine's exception stays here: it may quote stored data, and the sender can only retry.
          logFailure('insert failed', `${rows} spans not stored, the sender was told to retry: ${error instanceof Error ? error.message : String(error)}`);
          throw new InsertFailedError();
        }
        metrics.spansAccepted.inc(rows);
        return partial;
      }),
    ready: async () => !closing && (await store.client.ping()).success,
    maxBodyBytes: config.maxBodyBytes,
  };

  const timeoutMs = config.ingest.requestTimeoutMs;
  const http = await listenHttp(createReceiverApp(deps).fetch, config.host, config.ports.otlpHttp, 'VIGIL_OTLP_HTTP_PORT', timeoutMs).catch(async (error: unknown) => {
    await pool.close();
    await sink.close();
    throw error;
  });
  const grpc = createGrpcServer(deps, timeoutMs);
  let grpcPort: number;
  try {
    grpcPort = await bindGrpc(grpc, config.host, config.ports.otlpGrpc);
  } catch (error) {
    http.close();
    await pool.close();
    await sink.close();
    const message = (error as Error).message;
    const why = message.includes('EADDRINUSE') ? 'the port is already in use' : message;
    throw new PortInUseError(`cannot listen for OTLP/gRPC on ${config.host}:${config.ports.otlpGrpc} (VIGIL_OTLP_GRPC_PORT): ${why}`);
  }

  return {
    httpPort: (http.address() as AddressInfo).port,
    grpcPort,
    flush: () => sink.flush(),
    async close() {
      closing = true;
      // Stop accepting, let requests already inside reach the sink (bounded), then insert
      // everything accepted. Requests still unfinished after the bound are cut and never acknowledged.
      const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      const cut = setTimeout(() => http.closeAllConnections(), DRAIN_MS);
      await Promise.all([httpClosed, closeGrpc(grpc, DRAIN_MS)]);
      clearTimeout(cut);
      await pool.close();
      await sink.close();
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
