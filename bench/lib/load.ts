// OTLP/HTTP load: closed loop (as fast as the collector acknowledges) and open loop (a fixed rate,
// to measure latency at a given load). Keep-alive connections, node:http, bodies pre-encoded.
import { Agent, request } from 'node:http';

export interface LoadResult {
  seconds: number;
  ackedSpans: number;
  throttled: number;
  failed: number;
  /** Why requests failed: an HTTP status, or the client's error code (ECONNRESET…), with counts. */
  failures: Record<string, number>;
  latenciesMs: number[];
  /** Open loop only: when each latency sample's request was due, in seconds from the start (same order). */
  dueSeconds: number[];
}

interface Target {
  url: URL;
  key: string;
  bodies: Uint8Array[];
  spansPerBody: number;
}

/** The HTTP status, or the client's error code when no answer came. */
function send(agent: Agent, target: Target, body: Uint8Array): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(target.url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length, authorization: `Bearer ${target.key}` },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end(body);
  });
}

function fail(result: LoadResult, why: number | string): void {
  result.failed++;
  result.failures[why] = (result.failures[why] ?? 0) + 1;
}

export async function closedLoop(target: Target, connections: number, seconds: number, progress: (r: LoadResult) => void): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const result: LoadResult = { seconds, ackedSpans: 0, throttled: 0, failed: 0, failures: {}, latenciesMs: [], dueSeconds: [] };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let next = 0;
  const ticker = setInterval(() => progress({ ...result, seconds: (performance.now() - started) / 1000 }), 5000);
  const worker = async () => {
    while (performance.now() < deadline) {
      const body = target.bodies[next++ % target.bodies.length]!;
      const t0 = performance.now();
      const status = await send(agent, target, body);
      if (status === 200) {
        result.ackedSpans += target.spansPerBody;
        result.latenciesMs.push(performance.now() - t0);
      } else if (status === 429) {
        result.throttled++;
        await new Promise((r) => setTimeout(r, 20));
      } else fail(result, status);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  clearInterval(ticker);
  agent.destroy();
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

export async function openLoop(target: Target, spansPerSecond: number, seconds: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const result: LoadResult = { seconds, ackedSpans: 0, throttled: 0, failed: 0, failures: {}, latenciesMs: [], dueSeconds: [] };
  const interval = (1000 * target.spansPerBody) / spansPerSecond;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; ; i++) {
    const due = started + i * interval;
    if (due > started + seconds * 1000) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const body = target.bodies[i % target.bodies.length]!;
    // Latency counts from the scheduled time, so a stalled sender cannot hide queueing delay.
    inFlight.push(send(agent, target, body).then((status) => {
      if (status === 200) {
        result.ackedSpans += target.spansPerBody;
        result.latenciesMs.push(performance.now() - due);
        result.dueSeconds.push((due - started) / 1000);
      } else if (status === 429) result.throttled++;
      else fail(result, status);
    }));
  }
  await Promise.all(inFlight);
  agent.destroy();
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
