// OTLP/HTTP load for the evaluator benchmark, sent from a worker thread so that the Vigil running
// in the main thread (collector and evaluator) and the sender do not share an event loop: a pass
// of checks that holds the main thread cannot delay a send or the reading of an acknowledgement.
// Every send is a template body with fresh trace ids (sequence number `seq`), and the time each
// one was acknowledged is kept, so the lag of every execution can be measured from it.
//   count:  exactly `bodies` sends, as fast as acknowledged; a throttled send (429) is repeated
//   closed: as fast as acknowledged for `seconds` (the maximum rate)
//   open:   a fixed rate for `seconds`; latency counts from the scheduled time
import { Agent, request } from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { stampBody, type TemplateBody } from './evaluator-trace-ids.ts';

export type LoadMode =
  | { kind: 'count'; connections: number; bodies: number }
  | { kind: 'closed'; connections: number; seconds: number }
  | { kind: 'open'; spansPerSecond: number; seconds: number };

export interface LoadPlan {
  url: string;
  key: string;
  templates: TemplateBody[];
  prefixHex: string;
  mode: LoadMode;
}

/** One acknowledged send; its template is `seq % templates.length`. */
export interface Ack {
  seq: number;
  ackMs: number;
}

export interface LoadReport {
  seconds: number;
  acks: Ack[];
  ackedSpans: number;
  throttled: number;
  failed: number;
  latenciesMs: number[];
}

interface Progress {
  seconds: number;
  ackedSpans: number;
}

type Message = { type: 'progress'; progress: Progress } | { type: 'done'; report: LoadReport };

const MARKER = 'vigil-evaluator-bench-load';

/** Runs the plan on a worker thread; `progress` is called every five seconds. */
export function runLoad(plan: LoadPlan, progress: (p: Progress) => void): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { marker: MARKER, plan } });
    worker.on('message', (message: Message) => (message.type === 'progress' ? progress(message.progress) : resolve(message.report)));
    worker.on('error', reject);
    worker.on('exit', (code) => code !== 0 && reject(new Error(`load worker exited with ${code}`)));
  });
}

function send(agent: Agent, url: URL, key: string, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const headers = { 'content-type': 'application/x-protobuf', 'content-length': body.length, authorization: `Bearer ${key}` };
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function generate(plan: LoadPlan, report: (p: Progress) => void): Promise<LoadReport> {
  const { mode, templates } = plan;
  const url = new URL(plan.url);
  const agent = new Agent({ keepAlive: true, maxSockets: mode.kind === 'open' ? 256 : mode.connections });
  const result: LoadReport = { seconds: 0, acks: [], ackedSpans: 0, throttled: 0, failed: 0, latenciesMs: [] };
  const started = performance.now();
  const ticker = setInterval(() => report({ seconds: (performance.now() - started) / 1000, ackedSpans: result.ackedSpans }), 5000);
  const attempt = async (seq: number, since: number): Promise<number> => {
    const template = templates[seq % templates.length]!;
    const status = await send(agent, url, plan.key, stampBody(template, plan.prefixHex, seq));
    if (status === 200) {
      result.acks.push({ seq, ackMs: Date.now() });
      result.ackedSpans += template.spans;
      result.latenciesMs.push(performance.now() - since);
    } else if (status === 429) result.throttled++;
    else result.failed++;
    return status;
  };

  if (mode.kind === 'open') {
    const spansPerBody = templates.reduce((sum, t) => sum + t.spans, 0) / templates.length;
    const interval = (1000 * spansPerBody) / mode.spansPerSecond;
    const inFlight: Promise<number>[] = [];
    for (let seq = 0; ; seq++) {
      const due = started + seq * interval;
      if (due > started + mode.seconds * 1000) break;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(attempt(seq, due));
    }
    await Promise.all(inFlight);
  } else {
    let next = 0;
    const more = () => (mode.kind === 'count' ? next < mode.bodies : performance.now() < started + mode.seconds * 1000);
    const sender = async () => {
      while (more()) {
        const seq = next++;
        for (let status = await attempt(seq, performance.now()); status === 429; status = await attempt(seq, performance.now())) {
          await new Promise((r) => setTimeout(r, 20));
          if (mode.kind === 'closed') break;
        }
      }
    };
    await Promise.all(Array.from({ length: mode.connections }, sender));
  }
  clearInterval(ticker);
  agent.destroy();
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

if (!isMainThread && (workerData as { marker?: string } | undefined)?.marker === MARKER) {
  const { plan } = workerData as { plan: LoadPlan };
  const post = (message: Message) => parentPort!.postMessage(message);
  void generate(plan, (progress) => post({ type: 'progress', progress })).then((report) => post({ type: 'done', report }));
}
