// The content of a trace's spans (messages, attributes, events, input/output), which the timeline
// leaves out: fetched one span at a time when a span is selected, or all at once for text search
// (and in the background for small traces). Loaded spans are cached for the life of the page's
// trace. Plain TypeScript: the page passes an onChange callback that bumps its reactive state.
import type { Span, Trace } from '../../../server/schemas.ts';

export type Fetcher = (path: string) => Promise<unknown>;

/** A span's content as the panel sees it: still loading, loaded, or failed (with a retry). */
export type SpanDetail = { state: 'loading' } | { state: 'ready'; span: Span } | { state: 'error'; message: string };
/** The whole trace's content, which text search needs. */
export type TextState = 'idle' | 'loading' | 'ready' | 'error';

/** Traces up to this many spans are fetched whole in the background after the first render, so a
 *  selected span shows its messages at once and search covers text without waiting. */
export const PREFETCH_MAX_SPANS = 2000;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class TraceContent {
  readonly traceId: string;
  readonly #fetch: Fetcher;
  readonly #onChange: () => void;
  readonly #spans: Map<string, Span>;
  readonly #errors = new Map<string, string>();
  readonly #inFlight = new Set<string>();
  #text: TextState = 'idle';
  #textError = '';
  #all: Span[] | null = null;

  /** `reuse`: an earlier content of the same trace (a refresh) whose loaded spans stay valid. */
  constructor(traceId: string, fetch: Fetcher, onChange: () => void, reuse?: TraceContent) {
    this.traceId = traceId;
    this.#fetch = fetch;
    this.#onChange = onChange;
    this.#spans = reuse && reuse.traceId === traceId ? new Map(reuse.#spans) : new Map();
  }

  get #base(): string {
    return `/api/traces/${encodeURIComponent(this.traceId)}`;
  }

  /** The span's content, or null when nobody asked for it yet. */
  span(spanId: string): SpanDetail | null {
    const span = this.#spans.get(spanId);
    if (span) return { state: 'ready', span };
    const error = this.#errors.get(spanId);
    if (error !== undefined) return { state: 'error', message: error };
    return this.#inFlight.has(spanId) ? { state: 'loading' } : null;
  }

  /** Fetches one span unless it is loaded or on its way; after an error only `retry` fetches again. */
  load(spanId: string): void {
    if (this.#spans.has(spanId) || this.#inFlight.has(spanId) || this.#errors.has(spanId)) return;
    this.#inFlight.add(spanId);
    this.#fetch(`${this.#base}/spans/${encodeURIComponent(spanId)}`)
      .then((span) => this.#spans.set(spanId, span as Span))
      .catch((err: unknown) => {
        if (!this.#spans.has(spanId)) this.#errors.set(spanId, message(err));
      })
      .finally(() => {
        this.#inFlight.delete(spanId);
        this.#onChange();
      });
    this.#onChange();
  }

  retry(spanId: string): void {
    this.#errors.delete(spanId);
    this.load(spanId);
  }

  get text(): TextState {
    return this.#text;
  }
  get textError(): string {
    return this.#textError;
  }
  /** Every span in full once the whole trace is loaded, for text search. */
  get all(): Span[] | null {
    return this.#all;
  }

  /** Fetches the whole trace once (again after an error); its spans fill the span cache too. */
  loadAll(): void {
    if (this.#text === 'loading' || this.#text === 'ready') return;
    this.#text = 'loading';
    this.#textError = '';
    this.#fetch(this.#base)
      .then((trace) => {
        const spans = (trace as Trace).spans;
        for (const span of spans) {
          if (!this.#spans.has(span.spanId)) this.#spans.set(span.spanId, span);
          this.#errors.delete(span.spanId);
        }
        this.#all = spans;
        this.#text = 'ready';
      })
      .catch((err: unknown) => {
        this.#text = 'error';
        this.#textError = message(err);
      })
      .finally(() => this.#onChange());
    this.#onChange();
  }
}
