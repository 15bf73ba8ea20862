// A notification survives kill -9 between firing and delivery: the process dies while the receiver
// is still holding the first request; after a restart on the same data directory the delivery is
// resumed with the same idempotency key, the alert is not fired again, and from the receiver's view
// (deduplicating by key) it was delivered once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startVigilProcess, type VigilProcess } from './helpers/process.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { TEST_KEY } from './helpers/vigil.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-alert-restart-'));
const policyFile = join(dataDir, 'policy.yaml');
let receiver: Receiver | undefined;

afterAll(async () => {
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function started(): Promise<{ vigil: VigilProcess; api: string }> {
  const vigil = startVigilProcess({ VIGIL_DATA_DIR: dataDir, VIGIL_API_KEY: TEST_KEY, VIGIL_POLICY: policyFile, VIGIL_RESTART_SECRET: 'whsec_restart_0123456789' });
  await vigil.waitFor(/vigil: ready/);
  return { vigil, api: vigil.output().match(/query API\s+(http:\S+)\/api/)![1]! };
}

describe('alert delivery across kill -9', () => {
  it('resumes the interrupted delivery under the same key and does not fire again', async () => {
    receiver = await startReceiver();
    writeFileSync(
      policyFile,
      `alerts:
  intervalSeconds: 1
  channels:
    ops: {format: generic, url: ${receiver.url}/hook, secretEnv: VIGIL_RESTART_SECRET, allowPrivate: true, timeoutSeconds: 30}
  rules:
    - {name: always firing, metric: evaluator_lag, threshold: -1, channels: [ops]}
`,
    );
    // The first request is held until the process is gone.
    receiver.script.push({ status: 200, delayMs: 60_000 });
    const first = await started();
    const [held] = await receiver.waitFor(1);
    first.vigil.child.kill('SIGKILL');
    await first.vigil.exited;

    const second = await started();
    expect(second.vigil.output()).toMatch(/resuming 1 unfinished delivery/);
    const both = await receiver.waitFor(2);
    // A few more evaluations: the alert stays firing and tells no one again.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const response = await fetch(`${second.api}/api/alerts/history?from=1h`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    const history = (await response.json()) as { events: { kind: string }[] };
    second.vigil.child.kill('SIGTERM');
    await second.vigil.exited;

    expect(receiver.received).toHaveLength(2);
    expect(both[1]!.json.id).toBe(held!.json.id);
    expect(both.map((r) => r.headers['x-vigil-idempotency-key'])).toEqual([held!.json.id, held!.json.id]);
    expect(new Set(receiver.received.map((r) => r.headers['x-vigil-idempotency-key'])).size).toBe(1);
    expect(history.events.map((e) => e.kind)).toEqual(['firing']);
  }, 120_000);
});
