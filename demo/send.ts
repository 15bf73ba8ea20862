// Turns span descriptions into real OpenTelemetry spans (explicit start and end times) and sends
// them to Vigil with the OTLP/HTTP protobuf exporter, one tracer provider per service.
import { SpanKind, SpanStatusCode, context, trace, type Context, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { countSpans, type Execution, type SpanDescription } from './spans.ts';

/** A failure the user can fix; the command prints its message alone. */
export class DemoError extends Error {
  override name = 'DemoError';
}

export interface Target {
  /** Where spans go, e.g. http://127.0.0.1:4318/v1/traces. */
  tracesUrl: string;
  /** The collector's health probe. */
  healthUrl: string;
}

/** Accepts the collector's base URL or its full /v1/traces URL. */
export function otlpTarget(url: string): Target {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
    throw new DemoError(`not a URL: ${JSON.stringify(url)} (expected e.g. http://127.0.0.1:4318)`);
  }
  const base = parsed.pathname.replace(/\/v1\/traces\/?$/, '').replace(/\/$/, '');
  return { tracesUrl: `${parsed.origin}${base}/v1/traces`, healthUrl: `${parsed.origin}${base}/healthz` };
}

/** Fails with a DemoError when no Vigil answers at the target or it refuses the key. */
export async function checkVigil(target: Target, key: string): Promise<void> {
  const running = await fetch(target.healthUrl, { signal: AbortSignal.timeout(5000) }).then(
    (response) => response.ok,
    () => false,
  );
  const base = target.healthUrl.replace(/\/healthz$/, '');
  if (!running) throw new DemoError(`no Vigil running at ${base}: start it with \`npm start\``);
  // An empty export request: accepted with a valid key, 401 without one; stores nothing.
  const response = await fetch(target.tracesUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: '{}',
    signal: AbortSignal.timeout(5000),
  });
  if (response.status === 401) throw new DemoError('the key was refused: use the key printed at first start or VIGIL_API_KEY');
  if (!response.ok) throw new DemoError(`Vigil at ${base} answered ${response.status} to an empty export: ${(await response.text()).slice(0, 200)}`);
}

function describe(error: unknown): string {
  if (error instanceof AggregateError || Array.isArray(error)) return describe((error instanceof AggregateError ? error.errors : error)[0]);
  if (error instanceof Error) return error.message || ('code' in error ? String(error.code) : error.name);
  return error === undefined ? 'export failed' : String(error);
}

/** Passes exports through and remembers the ones that failed after the exporter's own retries. */
class CountingExporter implements SpanExporter {
  failedSpans = 0;
  lastError: string | undefined;

  private readonly inner: SpanExporter;

  constructor(inner: SpanExporter) {
    this.inner = inner;
  }

  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    this.inner.export(spans, (result) => {
      if (result.code !== 0) {
        this.failedSpans += spans.length;
        this.lastError = describe(result.error);
      }
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

export interface Sender {
  /** Records the execution's spans (exported in the background); returns how many. */
  send(execution: Execution): number;
  /** Resolves once every recorded span was exported or failed for good (see `failures`); never rejects. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
  failures(): { spans: number; lastError: string | undefined };
}

function emit(tracer: Tracer, description: SpanDescription, parent: Context): void {
  const span = tracer.startSpan(
    description.name,
    { kind: description.kind === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL, startTime: description.startMs, attributes: description.attributes },
    parent,
  );
  const inSpan = trace.setSpan(parent, span);
  for (const child of description.children) emit(tracer, child, inSpan);
  const { error } = description;
  if (error) {
    if (error.exception) span.recordException({ name: error.exception.type, message: error.exception.message }, description.endMs);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  }
  span.end(description.endMs);
}

export function createSender(target: Target, key: string): Sender {
  const providers = new Map<string, { provider: TracerProvider; tracer: Tracer }>();
  const exporters: CountingExporter[] = [];
  const tracerFor = (service: string): Tracer => {
    let entry = providers.get(service);
    if (!entry) {
      const exporter = new CountingExporter(new OTLPTraceExporter({ url: target.tracesUrl, headers: { authorization: `Bearer ${key}` } }));
      exporters.push(exporter);
      const provider = new TracerProvider({
        resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment': 'demo', 'service.version': '1.4.2' }),
        // A queue large enough that the backfill never drops a span; run.ts flushes often enough
        // to keep it far from full.
        spanProcessors: [new BatchSpanProcessor({ exporter, maxQueueSize: 100_000, maxExportBatchSize: 512, scheduledDelayMillis: 500 })],
      });
      entry = { provider, tracer: provider.getTracer('vigil-demo', '0.1.0') };
      providers.set(service, entry);
    }
    return entry.tracer;
  };
  const all = (action: (provider: TracerProvider) => Promise<void>) => Promise.all([...providers.values()].map(({ provider }) => action(provider))).then(() => undefined);
  return {
    send(execution) {
      emit(tracerFor(execution.service), execution.root, context.active());
      return countSpans(execution.root);
    },
    // A failed export is counted by CountingExporter; the processor's rejection adds nothing.
    flush: () => all((provider) => provider.forceFlush()).catch(() => undefined),
    shutdown: () => all((provider) => provider.shutdown()).catch(() => undefined),
    failures: () => ({
      spans: exporters.reduce((sum, e) => sum + e.failedSpans, 0),
      lastError: exporters.findLast((e) => e.lastError !== undefined)?.lastError,
    }),
  };
}
