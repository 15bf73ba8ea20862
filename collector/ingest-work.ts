// One export request's work, from body bytes to encoded rows: decode the OTLP payload, check and
// normalize each span (ingest.ts), encode the rows for the sink. It runs on the ingest workers
// (ingest-pool.ts), or inline when there are none, so the result is plain data a thread can post.
import { createPricing, type PriceEntry, type Pricing } from '../core/pricing/index.ts';
import { jsonSpans, nativeSpans } from '../core/spans/insert.ts';
import { acceptedWindow, prepareRows, type PreparedRows } from './ingest.ts';
import { decodeTraceRequestJson } from './otlp/decode-json.ts';
import { decodeTraceRequestProtobuf } from './otlp/decode-protobuf.ts';
import { OtlpDecodeError, type OtlpSpan } from './otlp/model.ts';
import type { Encoding, PartialSuccess } from './otlp/response.ts';
import { normalizeSpan } from './semconv/normalize.ts';

/** How rows leave the worker: Native blocks for the embedded engine's journal, JSON lines for a server. */
export type RowFormat = 'native' | 'json';

export interface IngestSettings {
  format: RowFormat;
  retentionDays: number;
  /** Prices from VIGIL_PRICES_FILE, ahead of the built-in table. */
  priceOverrides: readonly PriceEntry[];
}

export interface IngestJob {
  projectId: string;
  /** The request body, decompressed. */
  body: Uint8Array;
  encoding: Encoding;
  /** When the request arrived: spans outside the retention window are rejected against it. */
  receivedAtMs: number;
}

export type IngestResult =
  /** The body is not a readable OTLP export request (a 400 for the sender). */
  | { kind: 'unreadable'; message: string }
  /** Decoded, but too large as stored rows to take at all (a 413). */
  | { kind: 'too_large'; message: string; received: number }
  | {
      kind: 'rows';
      /** The rows to store, encoded in the settings' format; empty when every span was rejected. */
      encoded: Uint8Array;
      rows: number;
      received: number;
      partial: PartialSuccess;
      rejectedByReason: PreparedRows['rejectedByReason'];
    };

export interface IngestContext {
  settings: IngestSettings;
  pricing: Pricing;
}

export function ingestContext(settings: IngestSettings): IngestContext {
  return { settings, pricing: createPricing([...settings.priceOverrides]) };
}

function decode(job: IngestJob): OtlpSpan[] {
  if (job.encoding === 'protobuf') return decodeTraceRequestProtobuf(job.body);
  return decodeTraceRequestJson(Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength).toString('utf8'));
}

/** `into`: where to write the encoded rows if they fit (a lane, ingest-lanes.ts); a new buffer otherwise. */
export function processRequest(job: IngestJob, { settings, pricing }: IngestContext, into?: Uint8Array): IngestResult {
  let spans: OtlpSpan[];
  try {
    spans = decode(job);
  } catch (error) {
    if (error instanceof OtlpDecodeError) return { kind: 'unreadable', message: error.message };
    throw error;
  }
  const window = acceptedWindow(job.receivedAtMs, settings.retentionDays);
  const { rows, partial, rejectedByReason, tooLarge } = prepareRows(job.projectId, spans, (span) => normalizeSpan(span, pricing), window);
  if (tooLarge !== undefined) return { kind: 'too_large', message: tooLarge, received: spans.length };
  const encoding = settings.format === 'native' ? nativeSpans : jsonSpans;
  const encoded = rows.length === 0 ? new Uint8Array(0) : encoding.encode(rows, into);
  return { kind: 'rows', encoded, rows: rows.length, received: spans.length, partial, rejectedByReason };
}
