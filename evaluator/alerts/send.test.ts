// One POST against real servers on loopback: the checked address is the one connected to, redirects
// are reported and not followed, and errors name no secret path.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from './send.ts';

let server: Server;
let port = 0;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.headers.host} ${req.url}`);
    if (req.url === '/moved') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    res.writeHead(200).end('fine');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const payload = { body: '{}', headers: { 'Content-Type': 'application/json' } };

describe('postWebhook', () => {
  it('connects to the address the destination check resolved, keeping the host name', async () => {
    const result = await postWebhook(`http://receiver.test:${port}/hook/secret-token`, payload, {
      timeoutMs: 2000,
      destination: { allowPrivate: true },
      resolve: async () => ['127.0.0.1'],
    });
    expect(result).toMatchObject({ status: 200, response: 'fine', error: '' });
    expect(hits.at(-1)).toBe(`receiver.test:${port} /hook/secret-token`);
  });

  it('reports a redirect without following it', async () => {
    const before = hits.length;
    const result = await postWebhook(`http://127.0.0.1:${port}/moved`, payload, { timeoutMs: 2000, destination: { allowPrivate: true } });
    expect(result.status).toBe(302);
    expect(result.error).toBe('the receiver redirected (302 to http://169.254.169.254); Vigil does not follow redirects: configure the final URL');
    expect(hits.length).toBe(before + 1);
  });

  it('refuses a private receiver unless allowed, naming no path', async () => {
    const result = await postWebhook(`http://127.0.0.1:${port}/hook/secret-token`, payload, { timeoutMs: 2000, destination: {} });
    expect(result.status).toBe('refused');
    expect(result.error).toContain('a loopback address; set allowPrivate');
    expect(result.error).not.toContain('secret-token');
  });

  it('says when nothing listens', async () => {
    const result = await postWebhook('http://127.0.0.1:9/x', payload, { timeoutMs: 2000, destination: { allowPrivate: true } });
    expect(result).toMatchObject({ status: 'network', error: 'could not reach the receiver (ECONNREFUSED)' });
  });
});
