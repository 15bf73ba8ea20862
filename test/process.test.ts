// `vigil start` as users run it: endpoints printed, the generated key shown once, SIGTERM stops it
// cleanly, a restart keeps the data, and start-up problems are one clear line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../core/clickhouse/client.ts';
import { countSpans } from '../core/spans/repository.ts';
import { newTraceId, otlpJson } from './helpers/otlp-json.ts';
import { startVigilProcess } from './helpers/process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-process-'));
const otherDir = mkdtempSync(join(tmpdir(), 'vigil-process-other-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(otherDir, { recursive: true, force: true });
});

describe('vigil start', () => {
  it('runs, refuses a second engine on its data directory and a busy port, stops on SIGTERM, and keeps data across restarts', async () => {
    const first = startVigilProcess({ VIGIL_DATA_DIR: dataDir });
    await first.waitFor(/vigil: ready/);
    const otlp = first.output().match(/OTLP\/HTTP\s+(http:\S+)/)![1]!;
    const api = first.output().match(/query API\s+(http:\S+)\/api/)![1]!;
    const key = first.output().match(/shown only this once.*\n\n\s+(vgl_\S+)/)![1]!;
    expect(first.output()).toMatch(/OTLP\/gRPC\s+127\.0\.0\.1:\d+/);
    // The process restarted itself in place with the main thread's heap setting (bin/heap.ts): the
    // same process id, so the signals below reach it.
    if (process.platform === 'linux') expect(readFileSync(`/proc/${first.child.pid}/cmdline`, 'utf8').split('\0')).toContain('--initial-old-space-size=128');

    const traceId = newTraceId();
    const sent = await fetch(otlp, { method: 'POST', body: otlpJson([{ traceId, name: 'kept' }]), headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` } });
    expect(sent.status).toBe(200);

    const locked = startVigilProcess({ VIGIL_DATA_DIR: dataDir });
    expect((await locked.exited).code).toBe(1);
    expect(locked.output()).toMatch(/vigil: .*(data directory|lock)/i);

    const busy = startVigilProcess({ VIGIL_DATA_DIR: otherDir, VIGIL_OTLP_HTTP_PORT: new URL(otlp).port });
    expect((await busy.exited).code).toBe(1);
    expect(busy.output()).toMatch(/VIGIL_OTLP_HTTP_PORT\): the port is already in use/);
    // That failed first start stored no key nobody saw: the next start on its directory shows one.
    const retried = startVigilProcess({ VIGIL_DATA_DIR: otherDir });
    await retried.waitFor(/vigil: ready/);
    expect(retried.output()).toMatch(/created the API key of project "default" \(shown only this once.*\n\n\s+vgl_\S+/);
    expect(retried.output()).toMatch(/created the admin token .*\n\n\s+vgla_\S+/);
    retried.child.kill('SIGTERM');
    expect((await retried.exited).code).toBe(0);

    first.child.kill('SIGTERM');
    const stopped = await first.exited;
    expect(stopped.code).toBe(0);
    expect(first.output()).toMatch(/vigil: stopped/);

    const second = startVigilProcess({ VIGIL_DATA_DIR: dataDir });
    await second.waitFor(/vigil: ready/);
    expect(second.output()).not.toMatch(/shown only this once/);
    const api2 = second.output().match(/query API\s+(http:\S+)\/api/)![1]!;
    const trace = await fetch(`${api2}/api/traces/${traceId}`, { headers: { authorization: `Bearer ${key}` } });
    expect(trace.status).toBe(200);
    expect(((await trace.json()) as { spans: { name: string }[] }).spans.map((s) => s.name)).toEqual(['kept']);
    second.child.kill('SIGINT');
    expect((await second.exited).code).toBe(0);
    expect(api).toMatch(/^http:/);
  });

  it('stores every span it acknowledged when stopped under load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-process-drain-'));
    const key = 'vgl_drain_test_key_000000000';
    const vigil = startVigilProcess({ VIGIL_DATA_DIR: dir, VIGIL_API_KEY: key });
    await vigil.waitFor(/vigil: ready/);
    const otlp = vigil.output().match(/OTLP\/HTTP\s+(http:\S+)/)![1]!;
    const body = otlpJson(Array.from({ length: 200 }, () => ({})));
    const send = () =>
      fetch(otlp, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` } }).then(
        (r) => r.status,
        () => 0,
      );
    const first = await send();
    expect(first).toBe(200);
    const inFlight = Array.from({ length: 40 }, send);
    vigil.child.kill('SIGTERM');
    const statuses = [first, ...(await Promise.all(inFlight))];
    expect((await vigil.exited).code).toBe(0);

    const store = await openStore({ dataDir: dir });
    try {
      expect(await countSpans(store.client, 'default')).toBe(200 * statuses.filter((s) => s === 200).length);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects invalid configuration with exit code 2 and names the variable', async () => {
    const bad = startVigilProcess({ VIGIL_DATA_DIR: otherDir, VIGIL_OTLP_HTTP_PORT: 'eighty' });
    expect((await bad.exited).code).toBe(2);
    expect(bad.output()).toMatch(/VIGIL_OTLP_HTTP_PORT="eighty"/);
  });
});
