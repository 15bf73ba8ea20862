// What every conformance test runs against: a real Vigil, the scripted OpenAI-compatible server
// playing the support conversation (conversation.ts), a guard that refuses and records every
// connection beyond loopback, and the trace read back from the store's typed columns.
import net from 'node:net';
import { expect, vi } from 'vitest';
import { getExecution, type Execution } from '../../core/executions/repository.ts';
import { getTraceSpans, type StoredSpan } from '../../core/spans/repository.ts';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.ts';
import { startTestVigil, type TestVigil } from '../helpers/vigil.ts';
import { LLM_KEY, supportScript } from './conversation.ts';

export interface StoredTrace {
  spans: StoredSpan[];
  execution: Execution;
}

export interface Conformance {
  vigil: TestVigil;
  llm: FakeLlm;
  /** `${llm.url}/v1`, the base URL OpenAI clients take. */
  llmBaseUrl: string;
  /** Every connection attempted to a host other than loopback (refused). */
  outsideAttempts: string[];
  readTrace(traceId: string): Promise<StoredTrace>;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

/** Where net.Socket#connect is asked to go: TCP host and port, or a local (IPC) socket path. */
type ConnectTarget = { host?: unknown; port?: unknown; path?: unknown };

/**
 * Refuses every TCP connection to a host other than loopback (before net looks the name up) and
 * records it. http, fetch (undici) and gRPC all connect through net.Socket#connect, so a library
 * phoning home is caught here.
 */
function guardLoopback(attempts: string[]): () => void {
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function connect(this: net.Socket, ...args: unknown[]) {
    // net.connect passes its normalized [options, listener] pair as the first argument.
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const options: ConnectTarget =
      typeof first === 'object' && first !== null ? first : typeof first === 'string' && Number.isNaN(Number(first)) ? { path: first } : { port: first, host: args[1] };
    const host = typeof options.host === 'string' ? options.host : 'localhost';
    // http passes `path: null` for TCP; a non-empty path is a local (IPC) socket.
    const ipc = typeof options.path === 'string' && options.path !== '';
    if (!ipc && !LOOPBACK.has(host)) {
      attempts.push(`${host}:${String(options.port)}`);
      process.nextTick(() => this.destroy(new Error(`conformance tests stay on loopback; refused ${host}:${String(options.port)}`)));
      return this;
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof original;
  return () => {
    net.Socket.prototype.connect = original;
  };
}

/** Guards the process to loopback, then starts a Vigil and the scripted server on free ports. */
export async function startConformance(): Promise<Conformance> {
  const outsideAttempts: string[] = [];
  const restore = guardLoopback(outsideAttempts);
  const vigil = await startTestVigil();
  const llm = await startFakeLlm(supportScript, { apiKey: LLM_KEY });
  return {
    vigil,
    llm,
    llmBaseUrl: `${llm.url}/v1`,
    outsideAttempts,
    async readTrace(traceId) {
      await vigil.flush();
      const client = vigil.vigil.store.client;
      const execution = await getExecution(client, 'default', traceId);
      if (!execution) throw new Error(`Vigil has no trace ${traceId}`);
      return { spans: await getTraceSpans(client, 'default', traceId), execution };
    },
    async close() {
      await llm.close();
      await vigil.close();
      restore();
    },
  };
}

/** The one span with this name (a test that finds none or several says so). */
export function spanNamed(spans: readonly StoredSpan[], name: string): StoredSpan {
  const found = spans.filter((s) => s.name === name);
  if (found.length !== 1) throw new Error(`expected one span named "${name}", found ${found.length} in: ${spans.map((s) => s.name).join(', ')}`);
  return found[0]!;
}

/** The spans of one type in start order. */
export function spansOfType(spans: readonly StoredSpan[], type: StoredSpan['span_type']): StoredSpan[] {
  return spans.filter((s) => s.span_type === type).sort((a, b) => (BigInt(a.start_time) < BigInt(b.start_time) ? -1 : 1));
}

/** What the tests need of a span an SDK recorded (SDK 2 and SDK 3 ReadableSpans both fit). */
export interface RecordedSpan {
  readonly name: string;
  readonly parentSpanContext?: unknown;
  spanContext(): { traceId: string };
}

/**
 * For libraries that start their own root span: waits until `recorded` holds a finished span that
 * `isRoot` picks (a wrapper span ends a moment after its call returns, a stream's when it is
 * drained), flushes the exporter, reads the trace back and checks every recorded span was stored.
 */
export async function storedTraceOf(
  env: Conformance,
  recorded: () => readonly RecordedSpan[],
  flush: () => Promise<void>,
  isRoot: (span: RecordedSpan) => boolean,
): Promise<StoredTrace> {
  const root = await vi.waitFor(() => {
    const span = recorded().find(isRoot);
    if (!span) throw new Error(`no root span recorded among: ${recorded().map((s) => s.name).join(', ')}`);
    return span;
  });
  await flush();
  const traceId = root.spanContext().traceId;
  const trace = await env.readTrace(traceId);
  expect(trace.spans).toHaveLength(recorded().filter((s) => s.spanContext().traceId === traceId).length);
  return trace;
}
