// A webhook receiver on loopback: records every request it gets (raw body, headers) and answers as
// the test scripts it (a status, Retry-After, a delay). Real HTTP, as Slack, PagerDuty or an ITSM
// bridge would be.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
  atMs: number;
}

export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** How the next requests are answered, one entry each; afterwards `fallback`. */
  script: Answer[];
  fallback: Answer;
  /** Resolves when at least `count` requests (matching `where`) have arrived. */
  waitFor(count: number, where?: (r: Received) => boolean, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let notify: (() => void)[] = [];
  const receiver: Receiver = {
    url: '',
    received,
    script: [],
    fallback: { status: 200, body: 'ok' },
    async waitFor(count, where = () => true, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = received.filter(where);
        if (matching.length >= count) return matching;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`the receiver got ${matching.length} of ${count} expected requests in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 250));
          notify.push(() => (clearTimeout(timer), resolve()));
        });
      }
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // Recorded as it came; the test says whether that is wrong.
      }
      const answer = receiver.script.shift() ?? receiver.fallback;
      received.push({ path: req.url ?? '', headers: req.headers, body, json, atMs: Date.now() });
      const waiting = notify;
      notify = [];
      waiting.forEach((wake) => wake());
      const reply = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
