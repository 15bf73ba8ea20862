// The one configuration loader: environment variables, validated once at start.
import { z } from 'zod';
import { availableParallelism } from 'node:os';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const EnvSchema = z.object({
  VIGIL_DATA_DIR: z.string().min(1).default('./data'),
  VIGIL_CLICKHOUSE_URL: z.url().optional(),
  VIGIL_CLICKHOUSE_USER: z.string().default('default'),
  VIGIL_CLICKHOUSE_PASSWORD: z.string().default(''),
  VIGIL_CLICKHOUSE_DATABASE: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a plain identifier').default('vigil'),
  VIGIL_HOST: z.string().min(1).default('127.0.0.1'),
  VIGIL_OTLP_HTTP_PORT: port(4318),
  VIGIL_OTLP_GRPC_PORT: port(4317),
  VIGIL_HTTP_PORT: port(3000),
  VIGIL_API_KEY: z.string().min(16, 'at least 16 characters').optional(),
  VIGIL_ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  VIGIL_RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
  VIGIL_MAX_BODY_BYTES: positiveInt(16 * 1024 * 1024),
  VIGIL_BUFFER_MAX_SPANS: positiveInt(200_000),
  VIGIL_BATCH_MAX_SPANS: positiveInt(50_000),
  VIGIL_INSERT_CONCURRENCY: positiveInt(1),
  VIGIL_INSERT_INTERVAL_MS: z.coerce.number().int().min(0).optional(),
  VIGIL_REQUEST_TIMEOUT_MS: positiveInt(30_000),
  VIGIL_INGEST_WORKERS: z.coerce.number().int().min(0).max(64).default(Math.min(4, availableParallelism())),
  VIGIL_JOURNAL_DIR: z.string().min(1).optional(),
  VIGIL_PRICES_FILE: z.string().min(1).optional(),
  VIGIL_POLICY: z.string().min(1).optional(),
  VIGIL_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'an http(s) URL, e.g. https://vigil.example.com' }).optional(),
});

export interface Config {
  /** Embedded chDB data directory; unused when `clickhouse` is set. */
  dataDir: string;
  /** A ClickHouse server, when configured; otherwise the embedded engine is used. */
  clickhouse?: { url: string; user: string; password: string; database: string };
  host: string;
  ports: { otlpHttp: number; otlpGrpc: number; http: number };
  /** Key of the default project; generated at first start when absent. */
  apiKey?: string;
  /** The instance admin token (every project, keys and projects); generated at first start when absent. */
  adminToken?: string;
  /** Spans older than this are dropped by ClickHouse TTL; 0 keeps them forever. */
  retentionDays: number;
  /** Largest request body accepted, after decompression. */
  maxBodyBytes: number;
  ingest: {
    bufferMaxSpans: number;
    batchMaxSpans: number;
    insertConcurrency: number;
    /** Least time between two inserts; unset: 1 s on the embedded engine (journaled), 100 ms on a server. */
    insertIntervalMs?: number;
    /** Where the embedded engine's ingest journal goes instead of the data directory (e.g. a tmpfs). */
    journalDir?: string;
    /** Most time a client may take to send a request's headers and body (slow clients are cut off). */
    requestTimeoutMs: number;
    /** Threads that decode, normalize and encode requests; 0 does it on the main thread. */
    workers: number;
  };
  pricesFile?: string;
  /** The policy file (guardrails, SLOs, judge); built-in defaults when absent. */
  policyFile?: string;
  /** Base of the links in alert notifications; this server's own address when absent. */
  publicUrl?: string;
}

/** Variables whose values never appear in messages. */
const SECRET = /KEY|PASSWORD|SECRET|TOKEN/;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      const shown = SECRET.test(name) ? '(hidden)' : JSON.stringify(env[name]);
      return `  ${name}=${shown}: ${i.message}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    dataDir: e.VIGIL_DATA_DIR,
    clickhouse: e.VIGIL_CLICKHOUSE_URL
      ? { url: e.VIGIL_CLICKHOUSE_URL, user: e.VIGIL_CLICKHOUSE_USER, password: e.VIGIL_CLICKHOUSE_PASSWORD, database: e.VIGIL_CLICKHOUSE_DATABASE }
      : undefined,
    host: e.VIGIL_HOST,
    ports: { otlpHttp: e.VIGIL_OTLP_HTTP_PORT, otlpGrpc: e.VIGIL_OTLP_GRPC_PORT, http: e.VIGIL_HTTP_PORT },
    apiKey: e.VIGIL_API_KEY,
    adminToken: e.VIGIL_ADMIN_TOKEN,
    retentionDays: e.VIGIL_RETENTION_DAYS,
    maxBodyBytes: e.VIGIL_MAX_BODY_BYTES,
    ingest: {
      bufferMaxSpans: e.VIGIL_BUFFER_MAX_SPANS,
      batchMaxSpans: e.VIGIL_BATCH_MAX_SPANS,
      insertConcurrency: e.VIGIL_INSERT_CONCURRENCY,
      insertIntervalMs: e.VIGIL_INSERT_INTERVAL_MS,
      requestTimeoutMs: e.VIGIL_REQUEST_TIMEOUT_MS,
      workers: e.VIGIL_INGEST_WORKERS,
      journalDir: e.VIGIL_JOURNAL_DIR,
    },
    pricesFile: e.VIGIL_PRICES_FILE,
    policyFile: e.VIGIL_POLICY,
    publicUrl: e.VIGIL_PUBLIC_URL?.replace(/\/+$/, ''),
  };
}
